"""The grading engine, part two: one notebook graded by nbgrader in a course folder of its own.

Both executors (this machine's workers, autograder/grading/local.py; Dask, on_dask.py) and
``python -m autograder check`` grade a notebook with ``grade_safely``: ``nbgrader autograde`` in
the sandbox, under the caps; a grade for every notebook, with the reason where something went
wrong (a kernel that died keeps the points of the tests before the cell that killed it, a
notebook that hit its cap gets 0, whatever else goes wrong gets 0 with the reason). A course
folder a notebook damaged (its gradebook or release) is found by ``course_damage`` and rebuilt with
``fresh_course``. ``with_feedback`` writes the feedback HTML, without the hidden tests' source.

A notebook that filled ``output/`` to its cap (autograder/sandbox.py) is graded as it ran, with a
note and a flag for "needs a look"; its ``output/`` stays with the graded notebook, at most the
cap, and is not copied into the feedback.
"""

import shutil
import subprocess
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat

from autograder import sandbox as sandboxing
from autograder.course import SOLUTIONS, Course
from autograder.preprocessors import KERNEL_DIED

FEEDBACK_LEAVES_OUT = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "output"]  # nbgrader's, and output/

@dataclass
class Result:
    student: str
    lesson: str
    score: float
    max_score: float
    tests: dict                      # test cell id -> (score, max_score)
    reason: str = ""                 # why it got no grade from nbgrader, or notes
    seconds: float = 0.0
    flags: list = field(default_factory=list)  # (cell, what it does): "needs a look" in the report



def fresh_course(folder, lessons, sandbox, lessons_dir=SOLUTIONS):
    """A new course folder FOLDER with LESSONS released into it, and each lesson's max score."""
    shutil.rmtree(folder, ignore_errors=True)
    course = Course(folder, sandbox="on" if sandbox else "off", source=lessons_dir)
    for lesson in lessons:
        course.release(lesson)
    return course, {lesson: lesson_max_score(course, lesson) for lesson in lessons}



def course_damage(course, lessons, max_scores):
    """What is wrong with COURSE's gradebook or release, or "" when they are as released."""
    try:
        for lesson in lessons:
            if not (course.release_dir / lesson / f"{lesson}.ipynb").is_file():
                return f"the release of {lesson} is gone"
            if lesson_max_score(course, lesson) != max_scores[lesson]:
                return f"the gradebook's {lesson} changed"
    except Exception as error:  # an unreadable or emptied gradebook, a missing assignment
        return f"the gradebook: {type(error).__name__}: {str(error).strip().splitlines()[0][:120] if str(error).strip() else ''}"
    return ""



def grade_safely(course, submission, out_dir, limits, warm=None):
    """``grade_one``, and 0 with the reason for whatever it raises: one notebook never stops the run."""
    try:
        return grade_one(course, submission, out_dir, **limits, warm=warm)
    except Exception as error:
        try:
            max_score = lesson_max_score(course, submission.lesson)
        except Exception:
            max_score = 0
        reason = f"grading failed: {type(error).__name__}: {str(error).strip()[:200]}"
        return Result(submission.student, submission.lesson, 0, max_score, {},
                      "; ".join([*submission.notes, reason]), flags=list(submission.flags))



def autograde_args(lesson, student, cell_timeout, memory_limit):
    """The arguments of ``nbgrader autograde`` for STUDENT's LESSON under the caps."""
    options = [f"--Execute.timeout={cell_timeout}"] if cell_timeout else []
    # the whole notebook's cap is the kill of grade_one's process, which grades it 0
    options += ["--ExecuteUpToLastTest.notebook_timeout=0", f"--ExecuteUpToLastTest.memory_limit={memory_limit or 0}"]
    return ["autograde", lesson, f"--student={student}", "--force", *options]


@dataclass
class Warm:
    """An autograde of STUDENT's LESSON forked ahead, its kernel started (``prestart``)."""
    lesson: str
    student: str
    folder: Path  # where its kernel runs: the folder the notebook is graded in
    run: object  # autograder.course.Prestarted


def prestart(course, lesson, student, cell_timeout, notebook_timeout, memory_limit):
    """Fork COURSE's autograde of STUDENT's LESSON now, with its kernel started (TensorFlow imported) in the
    folder the notebook will be graded in: ``grade_one(..., warm=it)`` then grades without that wait.
    The same autograde, caps and sandbox as a cold one: only its kernel starts earlier (in a folder
    made empty, as autograde's --force would), and autograde replaces the notebook, not the folder."""
    folder = course.root / "autograded" / student / lesson
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    args = [*autograde_args(lesson, student, cell_timeout, memory_limit), f"--CourseDirectory.notebook_id={lesson}"]
    return Warm(lesson, student, folder, course.prestart(*args, memory_bytes=memory_limit, kernel_dir=folder))


def grade_one(course, submission, out_dir, cell_timeout, notebook_timeout, memory_limit, warm=None):
    """Grade SUBMISSION in COURSE; WARM: its ``prestart``ed autograde (else one starts now)."""
    student, lesson = submission.student, submission.lesson
    if warm is not None and (warm.lesson, warm.student) != (lesson, student):
        raise ValueError(f"a warm autograde of {warm.student}'s {warm.lesson} cannot grade {student}'s {lesson}")
    if warm is not None and not warm.folder.is_dir():  # the course folder made anew since (a new release)
        warm.run.cancel()
        warm = None
    if getattr(course, "sandbox", "off") == "on":
        sandboxing.require()  # a clear stop, not a kernel that dies; checked once per process
    max_score = lesson_max_score(course, lesson)
    flags = list(getattr(submission, "flags", []))
    flagged = [f"needs a look: {what} ({cell})" for cell, what in flags]
    if submission.notebook is None:
        if warm is not None:
            warm.run.cancel()
        return Result(student, lesson, 0, max_score, {}, "; ".join(submission.notes))
    course.submit(lesson, student, submission.notebook)
    start = time.perf_counter()
    problem = ""
    try:
        args = autograde_args(lesson, student, cell_timeout, memory_limit)
        process = course.nbgrader(*args, check=False, timeout=notebook_timeout, memory_bytes=memory_limit,
                                  prestarted=warm.run if warm is not None else None)
        log = process.stdout
        if process.returncode != 0:
            problem = _nbgrader_problem(log)
    except subprocess.TimeoutExpired as expired:
        log = expired.output
        problem = f"stopped after {notebook_timeout} s, the cap for a whole notebook"
    seconds = time.perf_counter() - start
    tests = course.scores(lesson, student).get(student, {}) if not problem else {}
    if problem or not tests:
        _keep_log(out_dir, student, lesson, log)
        reason = problem or "nbgrader recorded no grades"
        return Result(student, lesson, 0, max_score, {}, "; ".join([*submission.notes, reason, *flagged]), seconds,
                      flags)
    score = sum(got for got, _ in tests.values())
    graded = course.root / "autograded" / student / lesson
    notes = [*submission.notes, *_what_happened(graded / f"{lesson}.ipynb", log)]
    kept = output_full(graded / "output")
    if kept:
        limit = sandboxing.OUTPUT_LIMIT / 1024 ** 2
        flags.append(("output/", f"filled to its cap while grading ({kept / 1024 ** 2:.0f} MiB kept)"))
        notes.append(f"output/ is limited to {limit:g} MiB while grading: its writes there stopped at the cap")
    return Result(student, lesson, score, max_score, tests, "; ".join([*notes, *flagged]), seconds, flags)



def with_feedback(course, results, out_dir):
    """RESULTS of one lesson, after feedback for each graded notebook: one nbgrader run for
    them all (0.26 s a notebook, against 0.7 s in a run of its own). nbgrader goes on past a
    notebook it cannot render; that one keeps its grade, with a note and nbgrader's output."""
    if not any(result.tests for result in results):
        return results
    lesson = results[0].lesson
    ungraded = ",".join(result.student for result in results if not result.tests)
    process = course.nbgrader("generate_feedback", lesson, "--force",
                              f"--CourseDirectory.student_id_exclude={ungraded}",
                              *(f"--CourseDirectory.ignore={name}" for name in FEEDBACK_LEAVES_OUT), check=False)
    done = []
    for result in results:
        feedback = course.root / "feedback" / result.student / lesson
        if result.tests and (feedback / f"{lesson}.html").exists():
            shutil.copytree(feedback, out_dir / "feedback" / result.student / lesson, dirs_exist_ok=True)
        elif result.tests:  # the grade stands; the run goes on
            _keep_log(out_dir, result.student, lesson, process.stdout)
            result = replace(result, reason="; ".join(filter(None, [result.reason, "no feedback: nbgrader could "
                                                                    "not render it (see logs/)"])))
        done.append(result)
    return done



def _keep_log(out_dir, student, lesson, log):
    """Keep nbgrader's output in OUT_DIR/logs/STUDENT/LESSON.log, for the instructor to read."""
    path = out_dir / "logs" / student / f"{lesson}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(log or "(nbgrader printed nothing)\n")



def output_full(folder, limit=sandboxing.OUTPUT_LIMIT):
    """The bytes a graded notebook's output/ FOLDER holds when they reach the disk cap LIMIT (within a
    MiB: a tmpfs's own pages), else 0."""
    used = sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file() and not path.is_symlink())
    return used if used >= limit - 1024 ** 2 else 0


def _what_happened(graded_notebook, log):
    """Notes on a graded notebook that hit a limit or was repaired by nbgrader."""
    notes = []
    if "Missing grade cell" in log:
        notes.append("deleted test cells were restored")
    if "Attribute 'source' for cell" in log:
        notes.append("edited test cells were restored")
    if "skip-execution: it runs anyway" in log:
        notes.append("skip-execution tags were ignored")
    outputs = [output for cell in nbformat.read(graded_notebook, as_version=4).cells
               for output in cell.get("outputs", [])]
    errors = {output.get("ename") for output in outputs if output.output_type == "error"}
    if "DeadKernelError" in errors:
        notes.append(KERNEL_DIED + ": the test cells after it got 0")
    if "CellTimeoutError" in errors:
        notes.append("a cell ran past the per-cell timeout and was stopped")
    if "MemoryError" in errors:
        notes.append("a cell ran out of memory under the limit")
    if any("... Output truncated ..." in output.get("text", "") for output in outputs):
        notes.append("output capped at nbgrader's line limit")
    return notes



def lesson_max_score(course, lesson):
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        return gradebook.find_assignment(lesson).max_score



def _nbgrader_problem(output):
    """The telling line of a failed nbgrader run."""
    known = {
        "DeadKernelError": KERNEL_DIED,
        "Kernel died": KERNEL_DIED,
        "MemoryError": "ran out of memory under the limit",
        "Duplicate": "duplicated grade_id (copy-pasted cells?)",
    }
    for marker, reason in known.items():
        if marker in output:
            return reason
    lines = [line.strip() for line in output.splitlines() if "[ERROR]" in line or "Error" in line]
    return (lines[-1] if lines else output.strip().splitlines()[-1])[:200]
