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
# Kernels talk to nbgrader over Unix sockets, not TCP ports. Over TCP, jupyter_client picks
# free ports and the kernel binds them a moment later; a port taken meanwhile, by another
# worker's kernel or connection, kills the kernel ("Address already in use", then "Kernel
# died before replying to kernel_info"): nbgrader records no grade, and the course's grade
# command gives that notebook 0, as "the kernel died". CI met it once.
# The sockets are files named after this nbgrader process, which no other running process
# shares, in Jupyter's runtime folder; the kernel's shutdown removes them.
from jupyter_core.paths import jupyter_runtime_dir  # noqa: E402

KERNEL_SOCKETS = Path(jupyter_runtime_dir())
KERNEL_SOCKETS.mkdir(parents=True, exist_ok=True)
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
