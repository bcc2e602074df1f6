"""Shared fixtures: grade a lesson's sample submissions once, through the grading engine and real
nbgrader; where the grading sandbox cannot start, what needs it is skipped and the rest grades
without it."""

import contextlib
import io
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder import sandbox
from autograder.course import COURSE, LESSONS
from autograder.grading import grade_class
from autograder.submissions import build_submission, load_variants

VARIANTS = Path(__file__).parent / "variants"
WORKERS = 2  # two workers side by side: one per core of the CI machine
# As root on Debian, `make test` installs bubblewrap and nothing is skipped. Elsewhere (not root,
# macOS, a container without user namespaces) the grading proof of the course's own variants runs
# without the sandbox, and the tests of the sandbox itself are skipped, with the reason.
SANDBOX = "off" if sandbox.problem() else "on"
needs_sandbox = pytest.mark.skipif(bool(sandbox.problem()),
                                   reason=f"needs the grading sandbox, which cannot start here: {sandbox.problem()}")


def pytest_addoption(parser):
    parser.addoption("--lesson", action="append", default=[], choices=LESSONS, metavar="LESSON",
                     help="only the tests of LESSON (repeatable), with those of no lesson")


# Under pytest-xdist (`make test`: -n 2 --dist loadscope --no-loadscope-reorder) each test file goes
# whole to one process, so that its module and session fixtures (a graded class, a JupyterLab) are
# made once; the files that drive JupyterLab in chromium go to one process together, one after
# another: a browser waits less on a machine not running two of them. The files start longest first
# (benchmarks/README.md, "The test suite"): what starts last is short. (xdist's own `--dist loadgroup`
# does not group on pytest 9.2: pytest-dev/pytest-xdist#1386.)
BROWSER_FILES = {"test_browser.py", "test_check_button.py", "test_hub.py"}
LONGEST_FIRST = ["test_grading.py", "test_class_grading.py", "browser", "test_nbgrader_workflow.py",
                 "test_student_workspace.py", "test_dask_grading.py", "test_training.py"]


def xdist_unit(test_file):
    """The unit of work one pytest-xdist process takes whole: a test file, or all the browser files."""
    return "browser" if test_file in BROWSER_FILES else test_file


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, which `make test` uses
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class WholeTestGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return xdist_unit(Path(nodeid.split("::", 1)[0]).name)

    return WholeTestGroups(config, log) if config.getoption("dist") == "loadscope" else None


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the order the groups are handed out in (above)
        rank = {group: index for index, group in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(xdist_unit(item.path.name), len(rank)))  # stable: a file's order kept
    lessons = config.getoption("--lesson")
    if lessons:
        other = [item for item in items
                 if getattr(getattr(item, "callspec", None), "params", {}).get("lesson", lessons[0]) not in lessons]
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if item not in other]


@dataclass
class GradedLesson:
    lesson: str
    variants: dict      # name -> Variant
    scores: dict        # student -> {test cell id: (score, max_score)}; {} when it got no grade
    reasons: dict       # student -> what the grader noted (why it got no grade, a repair, a flag)
    release: Path       # the release nbgrader generated for this run
    seconds: float      # wall time of grading the whole class (every lesson's notebooks)

    def grades(self, student):
        assert self.scores[student], f"{student} got no grade from nbgrader: {self.reasons[student]}"
        return self.scores[student]

    def lost(self, student):
        """The test cells on which STUDENT lost points."""
        return {cell for cell, (score, max_score) in self.grades(student).items() if score < max_score}

    def total(self, student):
        grades = self.grades(student).values()
        return sum(score for score, _ in grades), sum(max_score for _, max_score in grades)


def grade_lessons(wanted, root):
    """Grade, for each lesson of WANTED (lesson -> variant names), its solution, its untouched
    release and those variants, through the grading engine and under ROOT, as one class: what
    `python -m autograder grade` does, WORKERS workers at once. ``{lesson: GradedLesson}``."""
    variants = {lesson: {variant.name: variant for variant in load_variants(VARIANTS / lesson)} for lesson in wanted}
    for lesson, names in wanted.items():
        notebooks = {"solution": build_submission(lesson), "blank_release": COURSE / lesson / f"{lesson}.ipynb"}
        notebooks.update({name: build_submission(lesson, variants[lesson][name]) for name in sorted(names)})
        for student, notebook in notebooks.items():
            target = Path(root) / "submissions" / student / lesson / f"{lesson}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(notebook, target) if isinstance(notebook, Path) else nbformat.write(notebook, target)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the class report: the tests say what matters
        results = grade_class(Path(root) / "submissions", Path(root) / "graded", workers=WORKERS,
                              sandbox=SANDBOX == "on")
    seconds = time.perf_counter() - start
    graded = {}
    for lesson in wanted:
        release = next((Path(root) / "graded" / "workers").glob(f"*/course/{lesson}/{lesson}.ipynb"))
        mine = [result for result in results if result.lesson == lesson]
        graded[lesson] = GradedLesson(lesson, variants[lesson], {result.student: result.tests for result in mine},
                                      {result.student: result.reason for result in mine}, release, seconds)
    return graded


def wanted_by(items):
    """``{lesson: variant names}`` that the selected test ITEMS grade: every lesson a test that uses
    ``graded`` is parametrized with, and the variant it names, if any."""
    wanted = {}
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "graded" in getattr(item, "fixturenames", ()) and "lesson" in params:
            wanted.setdefault(params["lesson"], set()).update([params["name"]] if "name" in params else [])
    return wanted


@pytest.fixture(scope="session")
def graded(request, tmp_path_factory):
    """``graded(lesson)``: that lesson's GradedLesson. On first use, every lesson and variant that
    this session's selected tests need is graded, once, as one class: all of them in `make test`,
    fewer in `make test-quick` or with ``-k``."""
    cache = {}

    def get(lesson):
        if not cache:
            cache.update(grade_lessons(wanted_by(request.session.items), tmp_path_factory.mktemp("graded")))
        return cache[lesson]

    return get


@pytest.fixture(scope="session")
def path_without_bwrap(tmp_path_factory):
    """$PATH as on a machine without bubblewrap: every program of it but ``bwrap``."""
    programs = tmp_path_factory.mktemp("bin_without_bwrap")
    folders = []
    for folder in filter(None, os.environ["PATH"].split(os.pathsep)):
        if (Path(folder) / sandbox.BWRAP).exists():
            for program in Path(folder).iterdir():
                if program.name != sandbox.BWRAP and not (programs / program.name).exists():
                    (programs / program.name).symlink_to(program)
            folder = str(programs)
        folders.append(folder)
    return os.pathsep.join(dict.fromkeys(folders))
