"""Grade a whole class: ``python -m autograder grade SUBMISSIONS``.

SUBMISSIONS is a folder ``<student>/<lesson>/*.ipynb`` or an LMS download: a zip of
notebooks whose file names carry the student id and the lesson, ``<student>_<lesson>.ipynb``
(anything may sit between the two, e.g. ``alice_attempt_2026-11-20_01_dense_gan.ipynb``).

nbgrader does the grading. Around it, this module:

- runs every kernel in a sandbox the operating system enforces (autograder/sandbox.py): a
  student's code cannot read or write the gradebook, ``solutions/``, the other students'
  files or the instructor's home, and has no network. It stops at once, saying how to
  install bubblewrap, where the sandbox cannot start; ``sandbox=False`` (``--no-sandbox``)
  grades without it and says so at the top of the report;
- flags, under "needs a look" in the report, code that changes how later cells run (IPython
  transformers, replaced numpy/TensorFlow/Keras/builtins attributes or test helpers,
  ``sys.modules``: autograder/tricks.py); such a notebook is still graded;
- collects the notebooks, and turns what nbgrader cannot grade (a corrupt or empty file,
  a wrong file name, a missing lesson) into a 0 with a reason instead of a crash;
- grades with N workers. Each worker owns a course folder with its own gradebook and
  grades its share of the students one ``nbgrader autograde`` at a time, so that no two
  processes ever write to one SQLite file and no grade can reach the wrong student;
- caps every notebook: nbgrader's per-cell timeout (grading_config.py), a wall-time cap
  on the whole notebook, a memory limit on the kernel, nbgrader's output limit;
- records a grade for every submission, with the reason where something went wrong: a
  kernel that died keeps the points of the tests before the cell that killed it, a notebook
  that hit its cap gets 0. Whatever else goes wrong while one notebook is graded, that
  notebook gets 0 with the reason and the run goes on. A worker whose course folder a
  notebook damaged (its gradebook or release) is rebuilt, that notebook gets 0 and a flag,
  and the worker's students graded before it are graded again;
- writes feedback HTML without the hidden tests' source, ``grades.csv`` and a summary;
- keeps nbgrader's output for every notebook it could not grade, in ``logs/``.

Every run starts from fresh worker folders and rewrites its outputs, so running it again
on the same submissions gives the same grades and duplicates nothing.
"""

import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat

from autograder import sandbox as sandboxing
from autograder.course import LESSONS, REPO, SOLUTIONS, Course
from autograder.grading_config import MEMORY_LIMIT, NOTEBOOK_TIMEOUT
from autograder.preprocessors import KERNEL_DIED
from autograder.tricks import tricks

CLASS_DIR = REPO / "build" / "class"
ZIP_NAME = re.compile(rf"(?P<student>[A-Za-z0-9.-]+)_(?:.*_)?(?P<lesson>{'|'.join(LESSONS)})\.ipynb$")


@dataclass
class Submission:
    student: str
    lesson: str
    notebook: Path = None            # None when there is nothing nbgrader can grade
    notes: list = field(default_factory=list)  # what the student should know, e.g. a rename
    flags: list = field(default_factory=list)  # (cell, what it does) for the instructor to look at


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


def collect(source, scratch, lessons=LESSONS):
    """The class's submissions of LESSONS, one per student and lesson, sorted by student then lesson."""
    source = Path(source)
    if zipfile.is_zipfile(source):
        return _collect_zip(source, Path(scratch))
    if not source.is_dir():
        raise SystemExit(f"{source}: neither a folder of submissions nor a zip file")
    submissions = []
    for student_dir in sorted(path for path in source.iterdir() if path.is_dir()):
        for lesson_dir in sorted(path for path in student_dir.iterdir() if path.is_dir()):
            if lesson_dir.name not in lessons:
                print(f"skipped {lesson_dir}: no lesson {lesson_dir.name!r} (have {', '.join(lessons)})")
                continue
            submissions.append(check_submission(student_dir.name, lesson_dir.name,
                                      sorted(lesson_dir.glob("*.ipynb")), scratch))
    return submissions


def _collect_zip(archive, scratch):
    folder = scratch / "unzipped"
    found = {}
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            name = Path(member.filename).name
            match = ZIP_NAME.search(name)
            if member.is_dir() or not name.endswith(".ipynb"):
                continue
            if not match:
                print(f"skipped {member.filename}: no <student>_<lesson>.ipynb in its name")
                continue
            target = folder / match["student"] / match["lesson"] / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zipped.read(member))
            found.setdefault((match["student"], match["lesson"]), []).append(target)
    submissions = []
    for (student, lesson), notebooks in sorted(found.items()):
        # the LMS names files itself; of several attempts, the last in name order is the latest
        latest = sorted(notebooks)[-1]
        target = latest.with_name(f"{lesson}.ipynb")
        latest.rename(target)
        submission = check_submission(student, lesson, [target], scratch)
        if len(notebooks) > 1:
            submission.notes.insert(0, f"{len(notebooks)} notebooks in the zip: graded the latest, {latest.name}")
        submissions.append(submission)
    return submissions


def check_submission(student, lesson, notebooks, scratch):
    """A Submission whose notebook nbgrader can at least read, or a reason why not."""
    submission = Submission(student, lesson)
    expected = f"{lesson}.ipynb"
    named = [path for path in notebooks if path.name == expected]
    if named:
        notebook = named[0]
    elif len(notebooks) == 1:
        notebook = notebooks[0]
        submission.notes.append(f"graded {notebook.name} as {expected}")
    else:
        names = ", ".join(path.name for path in notebooks) or "no notebook"
        submission.notes.append(f"expected {expected}, found {names}")
        return submission
    if notebook.stat().st_size == 0:
        submission.notes.append(f"{notebook.name} is an empty file")
        return submission
    try:
        content = nbformat.read(notebook, as_version=4)
        nbformat.validate(content)
    except Exception as error:  # bad JSON, or JSON that is not a notebook
        summary = str(error).strip().splitlines()[0][:200]
        submission.notes.append(f"{notebook.name} is not a readable notebook: {summary}")
        return submission
    if _drop_duplicated_ids(content):
        # nbgrader 0.9.6 would clear the copies' metadata itself, then crash on them in
        # add_missing_cells (KeyError: 'grade_id'): hand it the repaired notebook instead
        notebook = Path(scratch) / "repaired" / student / lesson / expected
        notebook.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(content, notebook)
        submission.notes.append("duplicated cells (the same grade_id): graded the last copy of each")
    submission.notebook = notebook
    submission.flags = tricks(content)
    return submission


def _drop_duplicated_ids(notebook):
    """Make all but the last cell with each grade_id plain cells, as nbgrader's DeduplicateIds means to."""
    seen, dropped = set(), False
    for cell in reversed(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            dropped = True
        elif grade_id:
            seen.add(grade_id)
    return dropped


def grade_class(source, out_dir=CLASS_DIR, workers=None, cell_timeout=None, notebook_timeout=NOTEBOOK_TIMEOUT,
                memory_limit=MEMORY_LIMIT, sandbox=None, lessons_dir=SOLUTIONS, scheduler=None):
    """Grade every submission under SOURCE; write feedback, grades.csv and report.txt to OUT_DIR.

    SANDBOX: False grades without the sandbox; None (default) with it unless the environment
    says GANCOURSE_SANDBOX=off. LESSONS_DIR: the lessons' source (instructor) notebooks.
    SCHEDULER: grade on Dask instead of this machine's workers (autograder/dask_grading.py):
    a scheduler's address, or "local" for a LocalCluster of WORKERS processes."""
    sandbox = sandboxing.wanted(sandbox)  # before anything is written
    out_dir = Path(out_dir).resolve()
    workers = workers or os.cpu_count()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("workers", "feedback", "logs", "unzipped", "repaired"):
        shutil.rmtree(out_dir / stale, ignore_errors=True)
    lessons_dir = Path(lessons_dir).resolve()
    submissions = collect(source, out_dir, sorted(path.name for path in lessons_dir.iterdir() if path.is_dir()))
    if not submissions:
        raise SystemExit(f"{source}: no submissions found (expected <student>/<lesson>/<lesson>.ipynb)")
    limits = {"cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout, "memory_limit": memory_limit}
    start = time.perf_counter()
    if scheduler:
        from autograder.dask_grading import grade_on_dask

        results, workers = grade_on_dask(submissions, out_dir, scheduler, workers, limits, sandbox, lessons_dir)
    else:
        results = _grade_here(submissions, out_dir, workers, limits, sandbox, lessons_dir)
    results = sorted(results, key=lambda result: (result.student, result.lesson))
    seconds = time.perf_counter() - start
    write_csv(results, out_dir / "grades.csv")
    (out_dir / "grades.json").write_text(json.dumps(
        {f"{r.student}/{r.lesson}": {"score": r.score, "max_score": r.max_score, "tests": r.tests,
                                    "reason": r.reason} for r in results}, indent=2, sort_keys=True))
    report = summary(results, seconds, workers)
    if not sandbox:
        report = (f"WARNING: graded without the sandbox (--no-sandbox): students' code ran as user {_user()}, "
                  f"with every file of that user open to it, the gradebooks and solutions/ included.\n\n{report}")
    (out_dir / "report.txt").write_text(report)
    print(report)
    print(f"grades: {out_dir / 'grades.csv'} (per test: grades.json); feedback: {out_dir / 'feedback'}/<student>/<lesson>/")
    if (out_dir / "logs").exists():
        print(f"nbgrader's output for what it could not grade: {out_dir / 'logs'}/<student>/<lesson>.log")
    return results


def _grade_here(submissions, out_dir, workers, limits, sandbox, lessons_dir):
    """Grade SUBMISSIONS with WORKERS threads, each a course folder of its own under OUT_DIR."""
    students = sorted({submission.student for submission in submissions})
    # all of a student's lessons go to one worker, in a fixed order
    shares = [[s for s in submissions if students.index(s.student) % workers == index]
              for index in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        graded = pool.map(lambda index: _grade_share(out_dir / "workers" / f"worker{index}", shares[index],
                                                     out_dir, limits, sandbox, lessons_dir),
                          range(workers))
        return [result for share in graded for result in share]


def _user():
    import getpass

    return getpass.getuser()


def _grade_share(folder, submissions, out_dir, limits, sandbox=True, lessons_dir=SOLUTIONS):
    """Grade SUBMISSIONS one by one in the course folder FOLDER; check the folder after each.

    A notebook after which the folder is damaged gets 0 and a flag; the folder is rebuilt and
    the notebooks graded in it before are graded again (their grades were in it)."""
    lessons = sorted({submission.lesson for submission in submissions})
    course, max_scores = _fresh_course(folder, lessons, sandbox, lessons_dir)
    results, queue = {}, list(range(len(submissions)))
    while queue:
        index = queue.pop(0)
        submission = submissions[index]
        results[index] = grade_safely(course, submission, out_dir, limits)
        damage = _damage(course, lessons, max_scores)
        if damage:
            reason = f"its code damaged the grader's course folder ({damage}): graded 0"
            results[index] = Result(submission.student, submission.lesson, 0, max_scores[submission.lesson], {},
                                    "; ".join([*submission.notes, reason]), results[index].seconds,
                                    [*submission.flags, ("its code", f"damaged the grading folder: {damage}")])
            course, _ = _fresh_course(folder, lessons, sandbox, lessons_dir)
            queue = [done for done in results if done != index and results[done].tests] + queue
    ordered = [results[index] for index in range(len(submissions))]
    return [result for lesson in lessons
            for result in with_feedback(course, [r for r in ordered if r.lesson == lesson], out_dir)]


def _fresh_course(folder, lessons, sandbox, lessons_dir=SOLUTIONS):
    """A new course folder FOLDER with LESSONS released into it, and each lesson's max score."""
    shutil.rmtree(folder, ignore_errors=True)
    course = Course(folder, sandbox="on" if sandbox else "off", source=lessons_dir)
    for lesson in lessons:
        course.release(lesson)
    return course, {lesson: _max_score(course, lesson) for lesson in lessons}


def _damage(course, lessons, max_scores):
    """What is wrong with COURSE's gradebook or release, or "" when they are as released."""
    try:
        for lesson in lessons:
            if not (course.release_dir / lesson / f"{lesson}.ipynb").is_file():
                return f"the release of {lesson} is gone"
            if _max_score(course, lesson) != max_scores[lesson]:
                return f"the gradebook's {lesson} changed"
    except Exception as error:  # an unreadable or emptied gradebook, a missing assignment
        return f"the gradebook: {type(error).__name__}: {str(error).strip().splitlines()[0][:120] if str(error).strip() else ''}"
    return ""


def grade_safely(course, submission, out_dir, limits):
    """``grade_one``, and 0 with the reason for whatever it raises: one notebook never stops the run."""
    try:
        return grade_one(course, submission, out_dir, **limits)
    except Exception as error:
        try:
            max_score = _max_score(course, submission.lesson)
        except Exception:
            max_score = 0
        reason = f"grading failed: {type(error).__name__}: {str(error).strip()[:200]}"
        return Result(submission.student, submission.lesson, 0, max_score, {},
                      "; ".join([*submission.notes, reason]), flags=list(submission.flags))


def grade_one(course, submission, out_dir, cell_timeout, notebook_timeout, memory_limit):
    student, lesson = submission.student, submission.lesson
    if getattr(course, "sandbox", "off") == "on":
        sandboxing.require()  # a clear stop, not a kernel that dies; checked once per process
    max_score = _max_score(course, lesson)
    flags = list(getattr(submission, "flags", []))
    flagged = [f"needs a look: {what} ({cell})" for cell, what in flags]
    if submission.notebook is None:
        return Result(student, lesson, 0, max_score, {}, "; ".join(submission.notes))
    course.submit(lesson, student, submission.notebook)
    start = time.perf_counter()
    problem = ""
    try:
        options = [f"--Execute.timeout={cell_timeout}"] if cell_timeout else []
        # the whole notebook's cap is this process's kill (below), which grades it 0
        options += ["--ExecuteUpToLastTest.notebook_timeout=0", f"--ExecuteUpToLastTest.memory_limit={memory_limit or 0}"]
        process = course.nbgrader("autograde", lesson, f"--student={student}", "--force", *options,
                                  check=False, timeout=notebook_timeout, memory_bytes=memory_limit)
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
    notes = [*submission.notes, *_what_happened(course.root / "autograded" / student / lesson / f"{lesson}.ipynb",
                                                log), *flagged]
    return Result(student, lesson, score, max_score, tests, "; ".join(notes), seconds, flags)


def with_feedback(course, results, out_dir):
    """RESULTS of one lesson, after feedback for each graded notebook: one nbgrader run for
    them all (0.26 s a notebook, against 0.7 s in a run of its own). nbgrader goes on past a
    notebook it cannot render; that one keeps its grade, with a note and nbgrader's output."""
    if not any(result.tests for result in results):
        return results
    lesson = results[0].lesson
    ungraded = ",".join(result.student for result in results if not result.tests)
    process = course.nbgrader("generate_feedback", lesson, "--force",
                              f"--CourseDirectory.student_id_exclude={ungraded}", check=False)
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


def _max_score(course, lesson):
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


def write_csv(results, path):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "lesson", "score", "max_score", "reason"])
        for result in results:
            writer.writerow([result.student, result.lesson, f"{result.score:g}", f"{result.max_score:g}",
                             result.reason])


def summary(results, seconds, workers):
    """Per lesson: mean, median, full marks, the most failed tests, and what could not be graded."""
    lines = [f"graded {len(results)} notebooks in {seconds:.0f} s with {workers} workers "
             f"({seconds * workers / max(len(results), 1):.1f} s of a worker per notebook)"]
    for lesson in sorted({result.lesson for result in results}):
        rows = [result for result in results if result.lesson == lesson]
        scores = [result.score for result in rows]
        max_score = rows[0].max_score
        failed = Counter(test for result in rows for test, (got, out_of) in result.tests.items() if got < out_of)
        lines += [
            "",
            f"{lesson}: {len(rows)} students, mean {statistics.mean(scores):.1f}/{max_score:g}, "
            f"median {statistics.median(scores):g}, full marks {sum(s == max_score for s in scores)}",
            "  most failed tests: " + (", ".join(f"{test} ({count})" for test, count in failed.most_common(5))
                                       or "none"),
        ]
        lines += [f"  {result.student}: {result.score:g}/{max_score:g}, {result.reason}"
                  for result in rows if result.reason]
    flagged = [result for result in results if result.flags]
    if flagged:
        lines += ["", f"needs a look: {len(flagged)} notebooks whose code changes how later cells run, or "
                      "that damaged the grading (graded as they ran; read the cells named)"]
        lines += [f"  {result.student}/{result.lesson} ({result.score:g}/{result.max_score:g}): {cell}: {what}"
                  for result in flagged for cell, what in result.flags]
    return "\n".join(lines) + "\n"
