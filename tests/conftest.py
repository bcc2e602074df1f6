"""Shared fixtures: grade a lesson's sample submissions once, through real nbgrader; where
the grading sandbox cannot start, what needs it is skipped and the rest grades without it."""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder import sandbox
from autograder.course import Course
from autograder.submissions import build_submission, load_variants

VARIANTS = Path(__file__).parent / "variants"
WORKERS = 2  # two nbgrader processes side by side: one per core of the CI machine
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
    scores: dict        # student -> {test cell id: (score, max_score)}
    release: Path       # the release nbgrader generated for this run
    seconds: float      # wall time of autograding all of them

    def lost(self, student):
        """The test cells on which STUDENT lost points."""
        return {cell for cell, (score, max_score) in self.scores[student].items() if score < max_score}

    def total(self, student):
        grades = self.scores[student].values()
        return sum(score for score, _ in grades), sum(max_score for _, max_score in grades)


def grade_lesson(lesson, root):
    """Autograde the solution, the blank release and every variant of LESSON under ROOT.

    The students are split over WORKERS course folders, each with its own gradebook,
    graded concurrently by separate `nbgrader autograde` processes.
    """
    variants = {variant.name: variant for variant in load_variants(VARIANTS / lesson)}
    courses = [Course(Path(root) / f"worker{index}", sandbox=SANDBOX) for index in range(WORKERS)]
    releases = [course.release(lesson) for course in courses]
    submissions = {"solution": build_submission(lesson, release_dir=courses[0].release_dir),
                   "blank_release": releases[0]}
    for name, variant in variants.items():
        submissions[name] = build_submission(lesson, variant, release_dir=courses[0].release_dir)
    for index, (student, notebook) in enumerate(submissions.items()):
        courses[index % WORKERS].submit(lesson, student, notebook)
    start = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda course: course.autograde(lesson), courses))
    seconds = time.perf_counter() - start
    scores = {}
    for course in courses:
        scores.update(course.scores(lesson))
    return GradedLesson(lesson, variants, scores, releases[0], seconds)


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
