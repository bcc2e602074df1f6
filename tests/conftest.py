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
from autograder.course import COURSE
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


@dataclass
class GradedLesson:
    lesson: str
    variants: dict      # name -> Variant
    scores: dict        # student -> {test cell id: (score, max_score)}; {} when it got no grade
    reasons: dict       # student -> what the grader noted (why it got no grade, a repair, a flag)
    release: Path       # the release nbgrader generated for this run
    seconds: float      # wall time of grading all of them

    def grades(self, student):
        assert self.scores[student], f"{student} got no grade from nbgrader: {self.reasons[student]}"
        return self.scores[student]

    def lost(self, student):
        """The test cells on which STUDENT lost points."""
        return {cell for cell, (score, max_score) in self.grades(student).items() if score < max_score}

    def total(self, student):
        grades = self.grades(student).values()
        return sum(score for score, _ in grades), sum(max_score for _, max_score in grades)


def grade_lesson(lesson, root):
    """Grade the solution, the untouched release and every variant of LESSON under ROOT through the
    grading engine, as one class: what `python -m autograder grade` does, WORKERS workers at once."""
    variants = {variant.name: variant for variant in load_variants(VARIANTS / lesson)}
    notebooks = {"solution": build_submission(lesson), "blank_release": COURSE / lesson / f"{lesson}.ipynb"}
    notebooks.update({name: build_submission(lesson, variant) for name, variant in variants.items()})
    for student, notebook in notebooks.items():
        target = Path(root) / "submissions" / student / lesson / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True)
        shutil.copyfile(notebook, target) if isinstance(notebook, Path) else nbformat.write(notebook, target)
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the class report: the tests say what matters
        results = grade_class(Path(root) / "submissions", Path(root) / "graded", workers=WORKERS,
                              sandbox=SANDBOX == "on")
    seconds = time.perf_counter() - start
    release = next((Path(root) / "graded" / "workers").glob(f"*/course/{lesson}/{lesson}.ipynb"))
    return GradedLesson(lesson, variants, {result.student: result.tests for result in results},
                        {result.student: result.reason for result in results}, release, seconds)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """``graded(lesson)``: that lesson's GradedLesson, computed once per test session."""
    cache = {}

    def get(lesson):
        if lesson not in cache:
            cache[lesson] = grade_lesson(lesson, tmp_path_factory.mktemp(lesson))
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
