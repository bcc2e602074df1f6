"""nbgrader configuration of the GAN course.

nbgrader reads this file when it runs in this folder (``cd autograder && nbgrader ...``);
``python -m autograder`` does that for you. The course root is the repository:
instructors edit ``solutions/``, students get ``course/``.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader provides it)

REPO = Path(__file__).resolve().parent.parent
GRADING = "build/grading"  # submissions, graded copies, feedback and the gradebook

c.CourseDirectory.root = str(REPO)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"
c.CourseDirectory.submitted_directory = f"{GRADING}/submitted"
c.CourseDirectory.autograded_directory = f"{GRADING}/autograded"
c.CourseDirectory.feedback_directory = f"{GRADING}/feedback"
c.CourseDirectory.db_url = f"sqlite:///{REPO / GRADING / 'gradebook.db'}"
(REPO / GRADING).mkdir(parents=True, exist_ok=True)
# Not part of a lesson: images a lesson saves while it runs, and the usual clutter.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "output"]

# A test cell that deleted or emptied is put back from the gradebook before grading.
c.OverwriteCells.add_missing_cells = True

# Lessons train for a few steps under grading (gancourse.steps reads NBGRADER_EXECUTION);
# no cell of a correct notebook comes near this, an endless loop stops here.
c.Execute.timeout = 60
# After a cell's reply, nbclient waits this long for its last outputs, then nbgrader fails the
# whole notebook (raise_on_iopub_timeout): 0 points. Its 4 s default was too short on a machine
# at load 15 on 2 cores: 7 of 21 notebooks of a class run lost everything ("Timeout waiting for
# IOPub output" after the setup cell's TensorFlow import). A healthy cell's outputs come at once.
c.Execute.iopub_timeout = 30
# Kernels talk to nbgrader over Unix sockets, not TCP ports. Over TCP, jupyter_client picks
# free ports and the kernel binds them a moment later; a port taken meanwhile, by another
# worker's kernel or connection, kills the kernel ("Address already in use", then "Kernel
# died before replying to kernel_info"): nbgrader records no grade, and the course's grade
# command gives that notebook 0, as "the kernel died". CI met it once.
# The sockets are files named after this nbgrader process, which no other running process
# shares, in a folder of that name in Jupyter's runtime folder; the kernel's shutdown removes
# them, and the folder goes when the process ends. A sandboxed kernel (below) sees this folder
# and its connection file, nothing else of the runtime folder: not the other kernels' sockets.
import atexit  # noqa: E402
import shutil  # noqa: E402

from jupyter_core.paths import jupyter_runtime_dir  # noqa: E402

KERNEL_SOCKETS = Path(jupyter_runtime_dir()) / f"nbgrader-{os.getpid()}"
KERNEL_SOCKETS.mkdir(parents=True, exist_ok=True)
atexit.register(shutil.rmtree, KERNEL_SOCKETS, ignore_errors=True)
c.KernelManager.transport = "ipc"
c.KernelManager.ip = str(KERNEL_SOCKETS / f"nbgrader-{os.getpid()}")  # then -1, -2, ... one per socket
# Once the last cell has run, the outputs are in. A TensorFlow kernel takes about 3 s to
# exit gracefully (measured in a 24.5 s autograde of lesson 02): stop it at once.
c.Execute.shutdown_kernel = "immediate"

# nbgrader gives 0 to a test cell that writes anything to stderr. Keep the noise of a
# correct notebook out of stderr, in the kernel nbgrader starts (it inherits this env):
# - TensorFlow's C++ logs. Level 3 also hides ERROR lines such as "failed call to
#   cuInit" on a machine without a GPU: real failures still raise in Python;
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# - Keras 3's warnings about the book's older spellings, input_dim=/input_shape= and
#   LeakyReLU(alpha=...), which still build the right model. Other warnings stay visible.
KERAS_STYLE_WARNINGS = (
    "ignore:Do not pass an `input_shape`/`input_dim` argument to a layer:UserWarning",
    "ignore:Argument `alpha` is deprecated:UserWarning",
)
os.environ["PYTHONWARNINGS"] = ",".join(
    filter(None, [os.environ.get("PYTHONWARNINGS"), *KERAS_STYLE_WARNINGS]))
# - and, as a net, stderr outputs made only of TensorFlow/absl log lines: absl prints
#   some before it reads TF_CPP_MIN_LOG_LEVEL, when TensorFlow is first imported.
#   A stderr output with anything else in it still costs the cell its points.
TF_LOG_LINE = r"(?:[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w.]+:\d+\] [^\n]*|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR)"
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = rf"\A(?:{TF_LOG_LINE}\n?)+\Z"

# Feedback shows which hidden tests failed and their messages, never their code
# (autograder/feedback.py). nbgrader runs in autograder/, so the repository goes on
# the path for the import.
import sys  # noqa: E402

sys.path.insert(0, str(REPO))
from autograder import sandbox  # noqa: E402
from autograder.execute import ExecuteUpToLastTest  # noqa: E402
from autograder.feedback import HideHiddenTests  # noqa: E402
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern,  # noqa: E402
                                    LimitOutput, SaveAutoGrades)

c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
# nbgrader's own list, with Execute replaced: skip-execution tags cannot skip a test, and
# the cells after the last test (the training and its plots) do not run (autograder/execute.py).
c.Autograde.autograde_preprocessors = [ExecuteUpToLastTest, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

# Autograde runs each notebook's kernel in a sandbox the operating system enforces
# (autograder/sandbox.py, bubblewrap): it reads the Python environment, the data and its own
# folder, writes only its output/ and a private /tmp, has no network, and cannot see
# solutions/, the gradebook, other students' files or your home. The kernelspec
# gancourse-sandbox (autograder/jupyter/kernels/) runs the kernel through it, whatever kernel
# the notebook names. GANCOURSE_SANDBOX: "on" (python -m autograder sets it, after checking
# that the sandbox starts), "off" (--no-sandbox), or unset: on where it can start, else off
# with a warning. Validate (the student's own notebook) is not sandboxed.
SANDBOX = os.environ.get("GANCOURSE_SANDBOX", "auto")
if SANDBOX == "on" or (SANDBOX == "auto" and sandbox.problem() is None):
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(sandbox.KERNELS), os.environ.get("JUPYTER_PATH")]))
    c.ExecuteUpToLastTest.kernel_name = sandbox.KERNEL_NAME
elif SANDBOX == "auto":
    print(f"[nbgrader_config] WARNING: no sandbox for grading kernels, students' code runs as you: "
          f"{sandbox.problem()}. {sandbox.HOW_TO_INSTALL}", file=sys.stderr)
