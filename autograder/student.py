"""The student's side: a workspace of their own, and a self-check with the hidden tests.

``python -m autograder workspace`` copies each lesson of the release (``course/``) into
``work/<lesson>/`` when it is not there yet. It never overwrites: ``work/`` is the
student's, and no other command of the course writes into it. ``--reset LESSON`` moves
the student's notebook aside, with a timestamp, before copying a fresh one.

``python -m autograder check [NOTEBOOK ...]`` grades the student's notebooks as the class
grader does (the grading engine, ``autograder.grading``: the same ``nbgrader autograde``, caps and feedback),
in a course folder under ``build/check/``, from a copy: the notebook itself is only read.
It prints each test with its points and its message, never a hidden test's code, ends
each lesson with ``<lesson>: <score>/<max>``, and keeps the feedback HTML in
``build/check/feedback/``.
"""

import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat

from autograder import sandbox as sandboxing
from autograder.grading.collect import check_submission
from autograder.grading.notebook import Result, grade_safely, prestart, with_feedback
from autograder.grading_config import MEMORY_LIMIT, NOTEBOOK_TIMEOUT
from autograder.course import COURSE, LESSONS, REPO, SOLUTIONS, Course

WORK = REPO / "work"
CHECK_DIR = REPO / "build" / "check"
STUDENT = "you"  # the one student of a self-check, in its gradebook


def _shown(path):
    path = Path(path).resolve()
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path


def workspace(lessons=LESSONS, reset=(), work=WORK):
    """Copy the release of each lesson into WORK/<lesson>/, never over a file already there."""
    for lesson in reset:
        notebook = work / lesson / f"{lesson}.ipynb"
        if notebook.exists():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = notebook.with_name(f"{lesson}.{stamp}.ipynb")
            notebook.rename(kept)
            print(f"moved your {_shown(notebook)} to {_shown(kept)}")
    for lesson in lessons:
        source, target = COURSE / lesson, work / lesson
        notebook = target / f"{lesson}.ipynb"
        state = "kept" if notebook.exists() else "created"
        for path in sorted(source.rglob("*")):
            copy = target / path.relative_to(source)
            if path.is_file() and "output" not in path.relative_to(source).parts and not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
        print(f"{state:<8} {_shown(notebook)}" + ("" if state == "created" else " (yours, untouched)"))


def lesson_of(notebook):
    """The lesson a notebook belongs to, from its file name or its folder's name."""
    notebook = Path(notebook)
    for name in (notebook.stem, notebook.parent.name):
        found = [lesson for lesson in LESSONS if name.startswith(lesson)]
        if found:
            return found[0]
    raise SystemExit(f"{notebook}: cannot tell its lesson; name it <lesson>.ipynb or put it in a folder "
                     f"named after the lesson ({', '.join(LESSONS)})")


def check(notebooks=(), out_dir=CHECK_DIR, sandbox=None):
    """Grade NOTEBOOKS (default: the workspace's) with the hidden tests; print what each test says.

    The kernels run in the class grader's sandbox where it can start; where it cannot, the check
    grades without it and says so (the notebooks are the student's own): ``sandbox.wanted``."""
    notebooks = [Path(path) for path in notebooks] or [
        WORK / lesson / f"{lesson}.ipynb" for lesson in LESSONS if (WORK / lesson / f"{lesson}.ipynb").exists()]
    if not notebooks:
        raise SystemExit("no notebooks in work/: run `make workspace` (or `make lab`) first, "
                         "or name the notebooks to check")
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing:
        raise SystemExit(f"no such notebook: {', '.join(missing)}")
    sandbox = sandboxing.wanted(sandbox, whose="your own notebooks")
    out_dir = Path(out_dir).resolve()
    shutil.rmtree(out_dir / "logs", ignore_errors=True)  # nothing left from an earlier check
    results = []
    for notebook in notebooks:
        checked = check_notebook(notebook, out_dir, sandbox)
        if not checked.hidden_tests:
            print(f"\n{VISIBLE_ONLY}")
        print(report(notebook, checked.result, checked.graded, checked.feedback, checked.seconds,
                     log=out_dir / "logs" / STUDENT / f"{checked.result.lesson}.log"))
        results.append(checked.result)
    return results


# Where the instructor notebooks are not here (a student's copy of the course on a JupyterHub
# server), the hidden tests are not either: a check grades with the release's visible tests.
VISIBLE_ONLY = ("Only the visible tests can run here: the hidden tests come with the instructor notebooks "
                "(solutions/), which this copy of the course does not have: the grader, with them, may give fewer points.")


@dataclass
class Checked:
    """One notebook checked: its Result (tests in the notebook's order), why each test lost points,
    where its graded copy and feedback are, the seconds of each step, and whether hidden tests ran."""
    result: Result
    messages: dict
    graded: Path
    feedback: Path
    seconds: dict
    hidden_tests: bool
    course: Course


def check_notebook(notebook, out_dir=CHECK_DIR, sandbox=True, cell_timeout=None, feedback=True, warm=None):
    """Grade one NOTEBOOK as ``check`` does, in OUT_DIR's course folder: the grading engine's
    ``grade_safely`` with the class grader's caps (CELL_TIMEOUT None: the course's), then its feedback
    (FEEDBACK False: later, with ``write_feedback``). The notebook is only read. SANDBOX: already
    decided (``sandbox.wanted``). WARM: ``prestart_check``'s autograde of this lesson, its kernel started."""
    notebook, out_dir = Path(notebook), Path(out_dir).resolve()
    lesson = lesson_of(notebook)
    seconds = {}
    start = time.perf_counter()
    course, released = prepare_check(lesson, out_dir, sandbox)
    hidden_tests = course.source == SOLUTIONS.resolve()
    order = [cell.metadata["nbgrader"]["grade_id"] for cell in nbformat.read(released, as_version=4).cells
             if cell.metadata.get("nbgrader", {}).get("grade")]
    seconds["release"] = time.perf_counter() - start
    submission = check_submission(STUDENT, lesson, [notebook.resolve()], out_dir)
    result = grade_safely(course, submission, out_dir, dict(cell_timeout=cell_timeout, notebook_timeout=NOTEBOOK_TIMEOUT,
                                                            memory_limit=MEMORY_LIMIT), warm=warm)
    seconds["autograde"] = result.seconds
    graded = course.root / "autograded" / STUDENT / lesson / f"{lesson}.ipynb"
    result.tests = {test: result.tests[test] for test in order if test in result.tests}  # notebook order
    graded = graded if result.tests else None
    checked = Checked(result, failure_messages(graded) if graded else {}, graded, None, seconds, hidden_tests, course)
    return write_feedback(checked, out_dir) if feedback else checked


def prestart_check(lesson, out_dir=CHECK_DIR, sandbox=True, cell_timeout=None):
    """The autograde of the next check of LESSON, forked now with its kernel started (TensorFlow
    imported): ``check_notebook(..., warm=it)`` grades without that wait (3 to 4 s), or ``it.run.cancel()``."""
    course, _ = prepare_check(lesson, out_dir, sandbox)
    return prestart(course, lesson, STUDENT, cell_timeout, NOTEBOOK_TIMEOUT, MEMORY_LIMIT)


def write_feedback(checked, out_dir=CHECK_DIR):
    """CHECKED after its feedback page is written to OUT_DIR/feedback/<lesson>.html (none: no grades)."""
    start = time.perf_counter()
    [checked.result] = with_feedback(checked.course, [checked.result], Path(out_dir).resolve())
    checked.feedback = _keep_feedback(Path(out_dir).resolve(), checked.result.lesson)
    checked.seconds["feedback"] = time.perf_counter() - start
    return checked


def prepare_check(lesson, out_dir=CHECK_DIR, sandbox=True):
    """The course folder a check of LESSON grades in, under OUT_DIR, and LESSON's release in it.
    Its tests are the hidden ones where the instructor notebooks are here, else the release's."""
    hidden_tests = (SOLUTIONS / lesson).is_dir()
    course = Course(Path(out_dir).resolve() / ("course" if hidden_tests else "visible"),
                    sandbox="on" if sandbox else "off", source=SOLUTIONS if hidden_tests else COURSE)
    return course, _release(course, lesson)


def _release(course, lesson):
    """Release LESSON into the check's course folder, unless its release there is newer than every
    file of the lesson's source (a further check: 2.6 s saved). Its gradebook is kept between checks:
    making a new one costs more than the release itself (17 s against 3 s, measured on a busy
    machine). If nbgrader refuses to update it (a lesson whose test cells changed), start anew."""
    released = course.release_dir / lesson / f"{lesson}.ipynb"
    sources = [path for path in (course.source / lesson).rglob("*") if path.is_file()]
    if (released.is_file() and (course.root / "gradebook.db").is_file()
            and all(path.stat().st_mtime < released.stat().st_mtime for path in sources)):
        return released
    try:
        return course.release(lesson)
    except RuntimeError:
        shutil.rmtree(course.root)
        return Course(course.root, sandbox=course.sandbox, source=course.source).release(lesson)


def _keep_feedback(out_dir, lesson):
    """Move the feedback HTML to OUT_DIR/feedback/<lesson>.html, where the student opens it."""
    graded = out_dir / "feedback" / STUDENT / lesson / f"{lesson}.html"
    target = out_dir / "feedback" / f"{lesson}.html"
    if not graded.exists():
        target.unlink(missing_ok=True)  # no stale feedback from an earlier check
        return None
    shutil.move(graded, target)
    shutil.rmtree(out_dir / "feedback" / STUDENT)
    return target


def report(notebook, result, graded, feedback, seconds, log=None):
    """What the student reads: each test, its points and its message; then `<lesson>: score/max`.

    SECONDS maps each step of the check (release, autograde, feedback) to its wall time."""
    steps = ", ".join(f"{step} {took:.1f} s" for step, took in seconds.items())
    lines = [f"\n{result.lesson} ({_shown(notebook)}), checked in {sum(seconds.values()):.0f} s ({steps})"]
    messages = failure_messages(graded) if graded else {}
    width = max([len(test) for test in result.tests] + [10])
    for test, (score, max_score) in result.tests.items():
        line = f"  {test:<{width}}  {score:g}/{max_score:g}"
        if score < max_score:
            line += f"  {messages.get(test, 'no error, and yet no points: see the feedback')}"
        lines.append(line)
    if result.reason:
        lines.append(f"  note: {result.reason}")
    if log and log.exists():
        lines.append(f"  nbgrader's output: {_shown(log)}")
    if feedback:
        lines.append(f"  feedback: {_shown(feedback)}")
    lines.append(f"{result.lesson}: {result.score:g}/{result.max_score:g}")
    return "\n".join(lines)


def failure_messages(graded_notebook):
    """``{test cell id: why it lost points}`` of a graded notebook: the error's last line (the
    exception and its message, never the traceback, which would quote a hidden test), or, in a
    notebook graded without the course's config, the first line the cell wrote to stderr
    (nbgrader alone gives such a cell 0; the course's StderrAsNote makes it a note)."""
    messages = {}
    for cell in nbformat.read(graded_notebook, as_version=4).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        for output in cell.get("outputs", []) if grade_id else []:
            if output.output_type == "error" and output.ename == "NotImplementedError" and not output.evalue:
                messages[grade_id] = "NotImplementedError: the exercise is still the skeleton; write your code in its place"
            elif output.output_type == "error":
                messages[grade_id] = f"{output.ename}: {output.evalue}".strip().splitlines()[0][:300]
            elif output.get("name") == "stderr" and grade_id not in messages:
                first = output.text.strip().splitlines()[0][:200] if output.text.strip() else ""
                messages[grade_id] = f"the cell wrote to stderr, which costs its points: {first}"
    return messages
