"""Every visible test fails while the function it is named after is still the skeleton.

A student's first feedback is the visible tests (running the cell, or Validate). For each
lesson and each exercise, this fills every other exercise of the student release with the
instructor's answer, leaves that one as released, runs the notebook as a student would
(nbclient, quick mode, no grading environment) and expects an error in every test cell
named after the exercise: ``test_<exercise>...``, by the longest exercise name that fits.
"""

import asyncio
import os

import pytest
from nbclient import NotebookClient
from nbgrader import utils

from autograder.course import LESSONS
from autograder.submissions import Variant, build_submission, release_notebook
from autograder.preprocessors import last_graded_index

RUNS_AT_ONCE = 2  # one kernel per core of the CI machine


def exercises(lesson):
    """The answer cells' ids of LESSON, in notebook order."""
    return [cell.metadata["nbgrader"]["grade_id"] for cell in release_notebook(lesson).cells
            if utils.is_solution(cell) and cell.cell_type == "code"]


def named_after(test_id, names):
    """The exercise a test cell is named after: the longest NAME with test_id == f"test_{NAME}..."."""
    fitting = [name for name in names if test_id.startswith(f"test_{name}")]
    return max(fitting, key=len, default=None)


def with_skeleton(lesson, exercise):
    """The release with every answer filled in but EXERCISE's, cut after the last test."""
    skeleton = {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in release_notebook(lesson).cells
                if utils.is_solution(cell)}
    notebook = build_submission(lesson, Variant(f"skeleton_{exercise}", "", {exercise: skeleton[exercise]}))
    notebook.cells = notebook.cells[:last_graded_index(notebook.cells) + 1]  # the training need not run
    return notebook


async def run_all(notebooks, folder):
    """Execute NOTEBOOKS ({name: notebook}), RUNS_AT_ONCE at a time, each in a folder of its own."""
    slots = asyncio.Semaphore(RUNS_AT_ONCE)

    async def run(name, notebook):
        path = folder / name
        path.mkdir()
        async with slots:
            client = NotebookClient(notebook, timeout=180, allow_errors=True, kernel_name="python3",
                                    resources={"metadata": {"path": str(path)}})
            await client.async_execute()
        return name, notebook

    return dict(await asyncio.gather(*(run(name, notebook) for name, notebook in notebooks.items())))


@pytest.fixture(scope="module")
def skeleton_runs(tmp_path_factory):
    """``skeleton_runs(lesson)``: ``{exercise: executed notebook}``, computed once per lesson."""
    cache = {}

    def get(lesson):
        if lesson not in cache:
            os.environ["GANCOURSE_QUICK"] = "1"  # the kernels inherit it: two training steps, as under Validate
            os.environ.pop("NBGRADER_EXECUTION", None)
            try:
                notebooks = {exercise: with_skeleton(lesson, exercise) for exercise in exercises(lesson)}
                cache[lesson] = asyncio.run(run_all(notebooks, tmp_path_factory.mktemp(lesson)))
            finally:
                del os.environ["GANCOURSE_QUICK"]
        return cache[lesson]

    return get


CASES = [(lesson, exercise) for lesson in LESSONS for exercise in exercises(lesson)]


@pytest.mark.parametrize("lesson, exercise", CASES, ids=[f"{lesson}:{exercise}" for lesson, exercise in CASES])
def test_each_visible_test_fails_on_its_skeleton(skeleton_runs, lesson, exercise):
    notebook = skeleton_runs(lesson)[exercise]
    names = exercises(lesson)
    tests = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells if utils.is_grade(cell)}
    own = {test_id: cell for test_id, cell in tests.items() if named_after(test_id, names) == exercise}
    assert own, f"{lesson}: no test cell is named after {exercise} (test_{exercise}...)"
    passing = sorted(test_id for test_id, cell in own.items()
                     if not any(output.output_type == "error" for output in cell.outputs))
    assert not passing, (f"{lesson}: with {exercise} left as the skeleton, the visible part of {passing} passes: "
                         f"it must call {exercise} and check what it returns")


def test_every_test_cell_is_named_after_an_exercise():
    for lesson in LESSONS:
        names = exercises(lesson)
        tests = [cell.metadata["nbgrader"]["grade_id"] for cell in release_notebook(lesson).cells
                 if utils.is_grade(cell)]
        orphans = [test_id for test_id in tests if named_after(test_id, names) is None]
        assert not orphans, f"{lesson}: test cells {orphans} are named after no exercise ({names})"
