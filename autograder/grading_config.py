"""The course's protections for nbgrader, for any course folder: ``configure(get_config())``.

Two nbgrader configs call it: ``autograder/nbgrader_config.py`` (this repository as the course
root) and the one ``python -m autograder quickstart DIR`` writes into a course root of
nbgrader's own layout. Importing this module and calling ``configure`` write no file and
start nothing: they set config values and the environment that nbgrader's kernels inherit.
What needs a folder (the kernels' sockets) is made when a notebook is executed.

What it sets, and why:

- test cells a student deleted are put back from the gradebook (``add_missing_cells``);
  copies of a cell with one ``grade_id`` are repaired, not a crash (``DropDuplicatedIds``);
  nbgrader's warning about a test cell's checksum only comes for a cell the student edited
  (``RestoreTestCells``);
- a test cell's points come from what it asserts, not from stderr: what a test cell writes to
  stderr (a library's warning on correct code, a print) is moved to its stdout under a note
  that it costs nothing (``StderrAsNote``), in autograde and in Validate alike; nbgrader alone
  gives such a cell 0. A correct notebook's noise stays out of the feedback altogether:
  TensorFlow's C++ logs, Keras's warnings about the book's older spellings, and stderr outputs
  made only of TensorFlow/absl log lines;
- autograde executes with ``ExecuteUpToLastTest`` (autograder/preprocessors.py): skip-execution
  tags cannot skip a test, nothing after the last test runs, the whole notebook has a time
  cap and its kernel a memory cap and a disk cap (``sandbox.OUTPUT_LIMIT``), and a kernel that
  dies is graded: the tests before it keep their points, the cell that killed it and the tests
  after it get an error with the reason;
- every kernel autograde starts runs in the sandbox (autograder/sandbox.py); where it cannot
  start, autograde stops before its first notebook and names the fix;
- feedback shows the hidden tests' messages, never their code (autograder/feedback.py).
"""

import os
import sys

from autograder import sandbox
from gancourse.quiet import FALSE_ALARMS

# Lessons train for a few steps under grading (gancourse.steps reads NBGRADER_EXECUTION);
# no cell of a correct notebook comes near this, an endless loop stops here.
CELL_TIMEOUT = 60
NOTEBOOK_TIMEOUT = 600           # seconds for one whole notebook
MEMORY_LIMIT = 6 * 1024 ** 3     # bytes of address space for a grading kernel

# Keras 3's warnings about the book's older spellings, input_dim=/input_shape= and
# LeakyReLU(alpha=...), which still build the right model, and gancourse's false alarms
# (Keras 3.15's shuffle warning on fit() of a dataset). Other warnings stay visible.
KERAS_STYLE_WARNINGS = (
    "ignore:Do not pass an `input_shape`/`input_dim` argument to a layer:UserWarning",
    "ignore:Argument `alpha` is deprecated:UserWarning",
    *(f"ignore:{message}:{category}" for message, category in FALSE_ALARMS),
)
# A stderr output made only of these lines is dropped: absl prints some before it reads
# TF_CPP_MIN_LOG_LEVEL, when TensorFlow is first imported.
TF_LOG_LINE = (r"(?:[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w.]+:\d+\] [^\n]*"
               r"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR)")


def configure(c, sandbox_mode=None):
    """Set the course's grading protections on nbgrader's config C.

    SANDBOX_MODE: "on" (where the sandbox cannot start, autograde stops and says why), "off", or
    "auto" (on where the sandbox can start, else off with a warning); default:
    ``$GANCOURSE_SANDBOX``, else "on"."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, Execute, GetGrades,
                                        LimitOutput, OverwriteKernelspec, SaveAutoGrades)

    from autograder.feedback import HideHiddenTests
    from autograder.preprocessors import DropDuplicatedIds, ExecuteUpToLastTest, RestoreTestCells, StderrAsNote

    c.OverwriteCells.add_missing_cells = True
    c.Execute.timeout = CELL_TIMEOUT
    # After a cell's reply, nbclient waits this long for its last outputs, then nbgrader fails the
    # whole notebook (raise_on_iopub_timeout): 0 points. Its 4 s default was too short on a machine
    # at load 15 on 2 cores: 7 of 21 notebooks of a class run lost everything ("Timeout waiting for
    # IOPub output" after the setup cell's TensorFlow import). A healthy cell's outputs come at once.
    c.Execute.iopub_timeout = 30
    c.ExecuteUpToLastTest.notebook_timeout = NOTEBOOK_TIMEOUT
    c.ExecuteUpToLastTest.memory_limit = MEMORY_LIMIT
    c.ExecuteUpToLastTest.output_limit = sandbox.OUTPUT_LIMIT
    # Autograde's kernels talk to nbgrader over Unix sockets, not TCP ports. Over TCP, jupyter_client picks
    # free ports and the kernel binds them a moment later; a port taken meanwhile, by another
    # worker's kernel or connection, kills the kernel ("Address already in use"). The sockets are
    # files named after this nbgrader process, in a folder of that name in Jupyter's runtime
    # folder, made when a notebook is executed (autograder/preprocessors.py). A sandboxed kernel sees
    # this folder and its connection file, nothing else of the runtime folder. Validate's
    # kernels (one at a time, the student's own notebook) keep nbgrader's TCP.
    c.GradingKernelManager.transport = "ipc"
    c.GradingKernelManager.ip = str(ExecuteUpToLastTest.sockets_dir() / f"nbgrader-{os.getpid()}")  # then -1, -2, ...
    # Once the last cell has run, the outputs are in. A TensorFlow kernel takes about 3 s to
    # exit gracefully (measured in a 24.5 s autograde of lesson 02): stop it at once. The course's
    # kernel manager first lets the sandbox copy output/ out (SIGTERM, then at most
    # shutdown_wait_time: autograder/preprocessors.py, GradingKernelManager).
    c.Execute.shutdown_kernel = "immediate"

    # nbgrader gives 0 to a test cell that writes anything to stderr; StderrAsNote (below) makes
    # that a note instead. Keep the noise of a correct notebook out of stderr all the same, in
    # the kernels nbgrader starts (they inherit this env):
    # TensorFlow's C++ logs (level 3 also hides ERROR lines such as "failed call to cuInit" on a
    # machine without a GPU: real failures still raise in Python), and the book's spellings.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    filters = os.environ.get("PYTHONWARNINGS", "").split(",")
    os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [*filters, *(w for w in KERAS_STYLE_WARNINGS
                                                                     if w not in filters)]))
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = rf"\A(?:{TF_LOG_LINE}\n?)+\Z"

    # nbgrader 0.9.6 with SQLAlchemy 2 warns "SAWarning: Object of type <SubmittedAssignment> not in
    # session, add operation along 'Student.submissions' will not proceed" three times for each
    # new submission: its gradebook touches a relationship before it adds the object, then adds it.
    # The submission and its grades are recorded all the same (tests/test_nbgrader_workflow.py).
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", r"Object of type <\w+> not in session, add operation along", SAWarning)

    # nbgrader's own steps, with DeduplicateIds, OverwriteCells, Execute and IgnorePattern replaced by
    # the course's (autograder/preprocessors.py). Settings for a replaced step apply to its subclass.
    c.Autograde.sanitize_preprocessors = [ClearOutput, DropDuplicatedIds, OverwriteKernelspec, RestoreTestCells,
                                          CheckCellMetadata]
    c.Autograde.autograde_preprocessors = [ExecuteUpToLastTest, StderrAsNote, ClearMetadataPreprocessor, LimitOutput,
                                           SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    # Validate (`nbgrader validate`, the Validate button) runs nbgrader's Validator, whose steps are
    # no config option in nbgrader 0.9.6 (Validator.preprocessors is a plain List): its default
    # gets StderrAsNote after Execute, so that Validate passes what autograde gives full points.
    # This process's Validator only: the config is loaded before a Validator is made.
    from nbgrader.validator import Validator

    Validator.class_traits()["preprocessors"].default_args = ([CheckCellMetadata, ClearOutput, Execute, StderrAsNote],)
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]

    # Autograde's kernels start from the kernelspec gancourse-sandbox (autograder/jupyter/kernels/),
    # whatever kernel the notebook names: autograder/sandbox.py runs the kernel under the memory
    # cap and, unless GANCOURSE_SANDBOX=off, in bubblewrap. Validate (the student's own notebook)
    # runs the notebook's kernel, unsandboxed.
    # Where the sandbox cannot start, "on" (the default: graders grade other people's code) stops
    # `nbgrader autograde` before its first notebook, with the fix; in a server that loads this
    # config (the Formgrader in JupyterLab), autograde says it on each notebook instead of a dead kernel.
    mode = sandbox_mode or os.environ.get("GANCOURSE_SANDBOX", "on")
    reason = sandbox.problem() if mode != "off" else None
    if mode == "auto":
        mode = "off" if reason else "on"
    if reason and mode == "off":
        print(f"[gancourse] WARNING: no sandbox for grading kernels, students' code runs as you: {reason}. "
              f"{sandbox.HOW_TO_INSTALL}", file=sys.stderr)
    elif reason:
        message = (f"Grading runs each notebook in a sandbox, and it cannot start here: {reason}. "
                   f"{sandbox.HOW_TO_INSTALL} Or grade without it, students' code then running as you with your files "
                   f"open to it: configure(c, sandbox_mode=\"off\") in nbgrader_config.py, or GANCOURSE_SANDBOX=off.")
        if sys.argv[1:2] == ["autograde"]:
            raise SystemExit(f"nbgrader autograde: {message}")
        c.ExecuteUpToLastTest.sandbox_problem = message
    os.environ["GANCOURSE_SANDBOX"] = mode
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(sandbox.KERNELS), os.environ.get("JUPYTER_PATH")]))
    c.ExecuteUpToLastTest.kernel_name = sandbox.KERNEL_NAME
    return c
