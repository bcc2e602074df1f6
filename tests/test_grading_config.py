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

    from autograder.preprocessors import ExecuteUpToLastTest

    config, _ = load_config(monkeypatch)
    ours = config.Autograde.autograde_preprocessors
    nbgraders = [ExecuteUpToLastTest if step is Execute else step
                 for step in Autograde.autograde_preprocessors.default()]
    assert ours == nbgraders, "autograde's steps should be nbgrader's own, with Execute replaced by the course's"
    assert issubclass(ExecuteUpToLastTest, Execute), "Execute's settings (the cell timeout) must still apply"
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
