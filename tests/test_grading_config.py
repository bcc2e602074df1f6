"""The nbgrader config keeps a correct notebook's noise out of stderr, and nothing more."""

import os

import pytest
from traitlets.config.loader import PyFileConfigLoader

from autograder.course import AUTOGRADER_DIR, REPO

pytestmark = pytest.mark.quick  # make test-quick runs it

# Lines TensorFlow 2.21 printed to stderr on this course's machines.
TF_LINES = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n",
    "I0000 00:00:1795414040.823852    2589 port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results.\n",
    "E0000 00:00:1795414046.437947    2589 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)\n",
]


def load_config(monkeypatch):
    monkeypatch.delenv("PYTHONWARNINGS", raising=False)
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADER_DIR)).load_config()
    return config, dict(os.environ)


def test_layout_maps_nbgrader_onto_the_repository(monkeypatch):
    config, _ = load_config(monkeypatch)
    course = config.CourseDirectory
    assert course.root == str(REPO)
    assert (course.source_directory, course.release_directory) == ("solutions", "course")
    assert config.OverwriteCells.add_missing_cells is True


def test_tensorflow_log_lines_are_ignored_but_other_stderr_is_not(monkeypatch):
    import re

    config, _ = load_config(monkeypatch)
    pattern = config.IgnorePattern.pattern
    assert config.IgnorePattern.enabled
    for line in TF_LINES:
        assert re.search(pattern, line), f"should be ignored: {line!r}"
    assert re.search(pattern, "".join(TF_LINES))
    assert not re.search(pattern, "Traceback (most recent call last):\n")
    assert not re.search(pattern, TF_LINES[2] + "my debug print\n"), "a mixed stderr output must still count"


def test_kernel_environment_quiets_tensorflow_the_books_spellings_and_kerass_false_alarms(monkeypatch):
    import warnings

    _, env = load_config(monkeypatch)
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "3"
    filters = env["PYTHONWARNINGS"].split(",")
    assert any("input_shape" in entry for entry in filters) and any("alpha" in entry for entry in filters)
    # the same entries, parsed as Python parses PYTHONWARNINGS, hide the warnings Keras gives
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for entry in filters:
            warnings._setoption(entry)
        warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When using...", UserWarning)
        warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.", UserWarning)
        warnings.warn("`shuffle=True` was passed, but will be ignored since the data `x` was provided as a "
                      "tf.data.Dataset. The Dataset is expected to already be shuffled", UserWarning)
        warnings.warn("The model does not have any trainable weights.", UserWarning)
    assert [str(w.message) for w in caught] == ["The model does not have any trainable weights."]


def test_autograde_runs_nbgraders_own_steps_with_the_courses_execute(monkeypatch):
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    from nbgrader.preprocessors import IgnorePattern

    from autograder.preprocessors import ExecuteUpToLastTest, StderrAsNote

    config, _ = load_config(monkeypatch)
    ours = config.Autograde.autograde_preprocessors
    replaced = {Execute: ExecuteUpToLastTest, IgnorePattern: StderrAsNote}
    nbgraders = [replaced.get(step, step) for step in Autograde.autograde_preprocessors.default()]
    assert ours == nbgraders, ("autograde's steps should be nbgrader's own, with Execute and IgnorePattern "
                               "replaced by the course's")
    assert issubclass(ExecuteUpToLastTest, Execute), "Execute's settings (the cell timeout) must still apply"
    assert issubclass(StderrAsNote, IgnorePattern), "IgnorePattern's settings (the TensorFlow log lines) must still apply"
    from nbgrader.preprocessors import DeduplicateIds, OverwriteCells

    from autograder.preprocessors import DropDuplicatedIds, RestoreTestCells

    ours = {DeduplicateIds: DropDuplicatedIds, OverwriteCells: RestoreTestCells}
    assert config.Autograde.sanitize_preprocessors == [ours.get(step, step) for step in
                                                       Autograde.sanitize_preprocessors.default()]
    assert all(issubclass(mine, theirs) for theirs, mine in ours.items()), "nbgrader's settings must still apply"


def test_kernels_talk_over_unix_sockets_of_their_own(monkeypatch):
    # over TCP, a free port jupyter_client picked can be taken before the kernel binds it:
    # the kernel dies and the notebook gets no grade (CI met it with 2 workers)
    config, _ = load_config(monkeypatch)
    assert config.GradingKernelManager.transport == "ipc", "grading kernels should use Unix sockets, not TCP ports"
    assert config.GradingKernelManager.ip.endswith(f"nbgrader-{os.getpid()}"), \
        "the sockets should be named after the nbgrader process, which no other running process shares"


# A test cell's points come from its assertions, not from stderr (autograder/preprocessors.py, StderrAsNote).
WARNING_TEXT = ("/tmp/ipykernel_7/123.py:3: RuntimeWarning: invalid value encountered in divide\n"
                "  cosine = z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1))\n")


def graded_cell(outputs, grade=True):
    import nbformat

    cell = nbformat.v4.new_code_cell("check()", outputs=outputs)
    cell.metadata["nbgrader"] = {"grade": grade, "solution": False, "locked": True, "points": 2,
                                 "grade_id": "test_it", "schema_version": 3}
    return cell


def stream(name, text):
    import nbformat

    return nbformat.v4.new_output("stream", name=name, text=text)


def test_a_test_cells_stderr_is_a_note_that_costs_nothing(monkeypatch):
    import nbformat
    from nbgrader import utils

    from autograder.preprocessors import STDERR_NOTE, StderrAsNote

    config, _ = load_config(monkeypatch)
    step = StderrAsNote(config=config)
    cell = graded_cell([stream("stdout", "shape (5, 4)\n"), stream("stderr", WARNING_TEXT),
                        stream("stderr", "building the generator\n"), stream("stdout", "done\n")])
    assert utils.determine_grade(cell) == (0, 2), "nbgrader alone should give a test cell with stderr 0"
    cell, _ = step.preprocess_cell(cell, {}, 0)
    assert [(output.name, output.text) for output in cell.outputs] == [
        ("stdout", "shape (5, 4)\n"), ("stdout", STDERR_NOTE + WARNING_TEXT + "building the generator\n"),
        ("stdout", "done\n")], "stderr should be moved to stdout, in place, after one note line, and nothing lost"
    assert utils.determine_grade(cell) == (2, 2), "a test cell whose only fault is stderr should keep its points"
    assert STDERR_NOTE.count("\n") == 1 and "costs no points" in STDERR_NOTE

    tensorflow_only = graded_cell([stream("stderr", "".join(TF_LINES))])
    assert step.preprocess_cell(tensorflow_only, {}, 0)[0].outputs == [], \
        "stderr made only of TensorFlow's log lines should still be dropped, not noted"

    failing = graded_cell([stream("stderr", WARNING_TEXT), nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="got nan", traceback=["AssertionError: got nan"])])
    failing, _ = step.preprocess_cell(failing, {}, 0)
    assert utils.determine_grade(failing) == (0, 2), "an error in a test cell should still cost its points"

    answer = graded_cell([stream("stderr", WARNING_TEXT)], grade=False)
    answer.metadata["nbgrader"]["solution"] = True
    assert step.preprocess_cell(answer, {}, 0)[0].outputs[0].name == "stderr", \
        "only test cells (graded) should be touched: an answer cell's stderr stays stderr"


def test_validate_applies_the_same_rule(monkeypatch):
    from nbgrader.preprocessors import Execute
    from nbgrader.validator import Validator

    from autograder.preprocessors import StderrAsNote

    config, _ = load_config(monkeypatch)
    steps = Validator(config=config).preprocessors
    assert StderrAsNote in steps and steps.index(StderrAsNote) == steps.index(Execute) + 1, \
        f"Validate should note stderr right after it executes the notebook, as autograde does; its steps: {steps}"


def test_nbgrader_validate_passes_a_warning_and_fails_an_assertion(tmp_path):
    """The real `nbgrader validate` in autograder/ (the course config) on a notebook of two test cells."""
    import subprocess
    import sys

    import nbformat

    warns = graded_cell([])
    warns.source = ("import numpy as np\nimport sys\nratio = np.float64(0.0) / np.float64(0.0)\n"
                    "print('note to self', file=sys.stderr)\nassert np.isnan(ratio)")
    fails = graded_cell([])
    fails.source = "import warnings\nwarnings.warn('forbidden')\nassert False, 'the assertion decides'"
    fails.metadata["nbgrader"]["grade_id"] = "test_fails"
    notebook = nbformat.v4.new_notebook(cells=[warns, fails])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "validate_me.ipynb"
    nbformat.write(notebook, path)
    run = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], cwd=AUTOGRADER_DIR,
                         capture_output=True, text=True, timeout=300)
    assert "VALIDATION FAILED ON 1 CELL(S)" in run.stdout, \
        f"Validate should fail only the cell whose assertion fails, not the one that warned:\n{run.stdout}{run.stderr}"
    assert "the assertion decides" in run.stdout and "invalid value" not in run.stdout, run.stdout
