"""Quiet TensorFlow: in a lesson, red text means a real problem, as it does for the grader.

TensorFlow writes C++ log lines to the process's stderr, which Jupyter shows in red in
whatever cell is running. On a CPU without a GPU they are false alarms, and they used to
land in test cells, where stderr costs points under grading:

- ``E... failed call to cuInit ... (303)`` when TensorFlow first looks for a GPU;
- ``E... remapper failed: INVALID_ARGUMENT: Mutation::Apply error ...`` when grappler
  skips a fusion in a training step (the step still runs, unfused);
- while ``import tensorflow`` loads its libraries: ``WARNING: All log messages before
  absl::InitializeLog() is called are written to STDERR`` and INFO lines ("oneDNN custom
  operations are on", "Could not find cuda drivers"), twice. They come from static
  initializers that run before TensorFlow reads ``TF_CPP_MIN_LOG_LEVEL``, and absl reads
  no environment variable, so they can only be filtered.

``quiet_tensorflow()`` sets ``TF_CPP_MIN_LOG_LEVEL=3`` (as the grading config does)
and imports TensorFlow with file descriptor 2 captured, writing back every line of the
import's stderr except absl's notice and the log lines below that level. oneDNN stays on:
only its notice goes. Python exceptions, warnings and a student's own prints to stderr
are untouched. ``TF_CPP_MIN_LOG_LEVEL`` set beforehand wins: 0 shows everything.

One Python warning is a false alarm too, and is ignored: Keras 3.15 warns "`shuffle=True`
was passed, but will be ignored" on every ``fit()`` of a ``tf.data.Dataset``, although
nobody passed it (``shuffle=True`` is fit's default; the dataset shuffles itself).
"""

import builtins
import os
import re
import sys
import tempfile
import warnings

LEVEL_ENV = "TF_CPP_MIN_LOG_LEVEL"
QUIET_LEVEL = "3"  # TensorFlow's levels: 0 all, 1 no INFO, 2 no WARNING, 3 no ERROR
ABSL_NOTICE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
# I0000 00:00:1795414040.823852    2589 port.cc:153] oneDNN custom operations are on. ...
LOG_LINE = re.compile(r"([IWEF])\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w.]+:\d+\] ")
SEVERITIES = "IWEF"
# (start of the message, category) of Python warnings that are false alarms; the grading config
# ignores them too, through PYTHONWARNINGS, whose fields are split at commas: none in a message
FALSE_ALARMS = (("`shuffle=True` was passed", "UserWarning"),)


def quiet_tensorflow(level=QUIET_LEVEL):
    """Hide TensorFlow's C++ logs below LEVEL, those of its import included; call it before importing it."""
    os.environ.setdefault(LEVEL_ENV, str(level))
    for message, category in FALSE_ALARMS:
        warnings.filterwarnings("ignore", re.escape(message), getattr(builtins, category))
    if "tensorflow" in sys.modules:
        return  # TensorFlow read its level when it was imported (a setup cell run again: the same level)
    try:
        min_level = int(os.environ[LEVEL_ENV])
    except ValueError:
        min_level = 0
    if min_level <= 0:
        import tensorflow  # noqa: F401
        return
    with _stderr_filtered(min_level):
        import tensorflow  # noqa: F401


def tensorflow_noise(text, min_level):
    """The lines of TEXT to hide: absl's notice, and TensorFlow log lines below MIN_LEVEL."""
    noise = []
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if line == ABSL_NOTICE or (match and SEVERITIES.index(match.group(1)) < min_level):
            noise.append(line)
    return noise


def filter_tensorflow_logs(text, min_level):
    """TEXT without absl's notice and the TensorFlow log lines below MIN_LEVEL."""
    noise = set(tensorflow_noise(text, min_level))
    return "".join(line for line in text.splitlines(keepends=True) if line.rstrip("\r\n") not in noise)


class _stderr_filtered:
    """Capture file descriptor 2 (what C++ code writes to) into a file; write back what is not noise."""

    def __init__(self, min_level):
        self.min_level = min_level

    def __enter__(self):
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        self.capture = tempfile.TemporaryFile()
        self.saved = os.dup(2)
        os.dup2(self.capture.fileno(), 2)
        return self

    def __exit__(self, *exc):
        sys.stderr.flush()  # outside Jupyter, Python's own stderr is fd 2 too
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.capture.seek(0)
        text = self.capture.read().decode(errors="replace")
        self.capture.close()
        kept = filter_tensorflow_logs(text, self.min_level)
        if kept:
            sys.stderr.write(kept)
            sys.stderr.flush()
        return False
