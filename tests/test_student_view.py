"""What a student sees: each lesson, solved, runs without a line of red.

A student runs the release in JupyterLab or with ``jupyter nbconvert --execute``, with
none of the grading environment: no NBGRADER_EXECUTION, no PYTHONWARNINGS or
TF_CPP_MIN_LOG_LEVEL from autograder/nbgrader_config.py. Jupyter shows stderr in red, which
reads as a failure (grading makes a test cell's stderr a note that costs nothing, but the
student does not see the grader), so a correct notebook must write none:
not TensorFlow's C++ logs (ipykernel captures the kernel's file descriptor 2 into the
running cell's stderr), not absl's notice at import, not a warning the lesson's own code
causes. Quick mode (GANCOURSE_QUICK=1) keeps it to seconds a lesson, every cell run.
"""

import shutil
import time

import pytest

from autograder.course import COURSE, LESSONS
from autograder.submissions import build_submission

pytestmark = pytest.mark.quick  # make test-quick runs it

GRADING_ENV = ("NBGRADER_EXECUTION", "PYTHONWARNINGS", "TF_CPP_MIN_LOG_LEVEL")
RETRACING = "triggered tf.function retracing"  # TensorFlow logs it to stdout in a notebook


def run_as_a_student(lesson, folder, monkeypatch):
    """The release with the instructor's answers, run cell by cell in FOLDER, a copy of the lesson."""
    from nbclient import NotebookClient

    for name in GRADING_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GANCOURSE_QUICK", "1")  # the kernel inherits this process's environment
    shutil.copytree(COURSE / lesson, folder)
    notebook = build_submission(lesson)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute()  # an exception in any cell fails the test with its traceback
    return notebook, time.perf_counter() - start


@pytest.mark.parametrize("lesson", LESSONS)
def test_solved_lesson_writes_nothing_to_stderr(lesson, tmp_path, monkeypatch):
    notebook, seconds = run_as_a_student(lesson, tmp_path / lesson, monkeypatch)
    print(f"{lesson}: every cell ran in {seconds:.1f} s")
    stderr, retracing = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            if output.get("name") == "stderr":
                stderr.append(f"[{cell.get('id')}] {output['text'].strip()}")
            if RETRACING in output.get("text", ""):
                retracing.append(cell.get("id"))
    assert not stderr, (f"{lesson}: a correct notebook shows red text as a student runs it; quiet it at its "
                        "source (gancourse.quiet_tensorflow, the lesson's code): " + "\n".join(stderr))
    assert not retracing, (f"{lesson}: cells {retracing} make TensorFlow retrace a tf.function often enough "
                           "to warn; call it with the shapes it was traced for")
