"""nbgrader's Execute, DeduplicateIds and OverwriteCells as this course grades (grading_config.py).

``ExecuteUpToLastTest`` takes autograde's ``Execute`` place. Its changes:

- **A cell tagged ``skip-execution`` runs anyway.** nbclient skips such cells, and nbgrader
  gives full points to a test cell that shows no error. nbgrader restores a test cell's
  source and nbgrader metadata, not its tags, so a blank lesson 01 whose test cells a student
  had tagged scored 17/17.
- **Code cells after the last graded or answer cell do not run.** They cannot change a grade.
  In the lessons they are the training loop and its plots, 2 to 4 s of every notebook graded.
  Each gets a one-line output saying why, which the student reads in the feedback.
- **The whole notebook has a time cap** (``notebook_timeout``), on top of the cell timeout:
  past it, no cell runs, and each test cell left says why in an error, which costs its points.
- **The kernel has a memory cap** (``memory_limit``): the kernelspec's launcher
  (autograder/sandbox.py) sets it as the kernel's address-space limit.
- **The kernel has a disk cap** (``output_limit``): the launcher makes ``output/`` a tmpfs of that
  size in the sandbox, and caps each file at it. A cell whose output shows a write stopped there
  (``No space left on device``, ``File too large``) gets one more line that says the cap, which
  the student reads in the feedback. At shutdown, the kernel manager gives the sandbox
  ``shutdown_wait_time`` to copy ``output/`` out (``GradingKernelManager``).
- **A kernel that dies is a grade, not a crash.** nbgrader stops grading a notebook whose
  kernel died, and records nothing. Here the cell that killed it and every test cell after it
  get an error saying so (0 points for those), and the notebook is graded.

``DropDuplicatedIds`` replaces ``DeduplicateIds``: of cells that share a ``grade_id`` (a
copy-pasted cell), the last keeps it and the others become plain cells. nbgrader 0.9.6 leaves
them an empty ``nbgrader`` metadata instead, and crashes on it when it restores missing cells
(``KeyError: 'grade_id'``).

``StderrAsNote`` replaces ``IgnorePattern``, in autograde and in Validate (grading_config.py). It
drops what IgnorePattern drops (a stderr output made only of TensorFlow's log lines), then
moves what a test cell still wrote to stderr to its stdout, under one line saying that it is a
note and costs nothing. nbgrader gives 0 to a test cell with any stderr output
(``utils.determine_grade``), so a correct answer whose own arithmetic raised a library warning
(numpy's ``RuntimeWarning: invalid value encountered in divide``, SciPy's ``LinAlgWarning``)
lost a test its assertions had passed. Here a test cell's points come from what it asserts: an
error (a failed assert, an exception, a timeout, a dead kernel) costs them, stderr does not. A
test that means to forbid a warning turns it into an error itself
(``warnings.simplefilter("error", ...)``).

``RestoreTestCells`` replaces ``OverwriteCells`` and does the same; it only stops crying wolf.
nbgrader warns ``Attribute 'checksum' for cell ... has changed!`` for every test cell with
hidden tests in every submission: the release holds the cell without them, and nbgrader puts
them back before grading, as it should. Here that warning stays for a test cell the student
did edit (the source then differs from the release's too), and the untouched ones are logged
at debug level.
"""

import asyncio
import atexit
import copy
import os
import shutil
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, DeduplicateIds, Execute, IgnorePattern, OverwriteCells
from traitlets import Bool, Integer, Unicode

from autograder import sandbox

NOT_RUN = "Not run while grading: no test comes after this cell. Run it yourself to see its output.\n"
KERNEL_DIED = "the kernel died (os._exit, a crash, or more memory than the grader's limit)"
STDERR_NOTE = ("[A note, not a failure: this test cell wrote what follows to stderr. That costs no points: "
               "a test's points come from its assertions.]\n")
MEMORY_ENV = "GANCOURSE_KERNEL_MEMORY"  # read by the kernel's launcher, autograder/sandbox.py
DISK_FULL = ("No space left on device", "File too large")  # ENOSPC: a full tmpfs; EFBIG: RLIMIT_FSIZE


def last_graded_index(cells):
    """The index of the last graded or answer cell; -1 if there is none."""
    return max((index for index, cell in enumerate(cells) if utils.is_grade(cell) or utils.is_solution(cell)),
               default=-1)


def error_output(ename, evalue):
    """An error output whose traceback is its one line, as the feedback shows it."""
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def disk_cap_note(limit):
    """The line a cell gets when one of its writes stopped at the disk cap of LIMIT bytes."""
    mib = f"{limit / 1024 ** 2:g} MiB"
    return (f"While grading, output/ is limited to {mib} and /tmp to {sandbox.SCRATCH_BYTES // 1024 ** 2} MiB "
            f"(one file: {mib}): a write past that fails.\n")


class GradingKernelManager(AsyncKernelManager):
    """The kernel manager of autograde's kernels: grading_config.py gives it Unix sockets in a
    folder of this process's (``ExecuteUpToLastTest.sockets_dir``). Validate keeps nbgrader's.

    Its shutdown, immediate or not, starts with SIGTERM to the kernel's process group and waits up
    to ``shutdown_wait_time`` for the kernel to end: in the sandbox, its keeper ends the kernel and
    copies ``output/`` out of the sandbox's tmpfs (autograder/sandbox.py); without it, the kernel
    ends at once. Then jupyter_client's own shutdown."""

    async def _async_shutdown_kernel(self, now=False, restart=False):
        if self.owns_kernel and self.has_kernel and await self._async_is_alive():
            await self._async_send_kernel_sigterm()
            try:
                await asyncio.wait_for(self._async_wait(pollinterval=0.02), timeout=self.shutdown_wait_time)
            except asyncio.TimeoutError:
                self.log.warning("The kernel's sandbox took over %s s to save output/: killed", self.shutdown_wait_time)
        await super()._async_shutdown_kernel(now=now, restart=restart)

    shutdown_kernel = _async_shutdown_kernel  # as AsyncKernelManager names it


# A warm check (autograder/lab/check.py): the grading kernel of an nbgrader process forked before its
# notebook came, started in the notebook's folder: {folder: its GradingKernelManager}
PRESTARTED = {}
# What the kernel does before its notebook comes, in a namespace of its own (the notebook finds no name
# it did not bind): import TensorFlow and Keras (the 3 s of a kernel's start), then build, train and
# drop a model of one weight, which takes TensorFlow's and Keras's set-up on first use (the first op,
# the first layer, the first train function: about 1 s, benchmarks/README.md) off the notebook's time.
# clear_session() then resets Keras's names ("dense", not "dense_1") and state; warnings are ignored
# here only (catch_warnings restores the filters, so the notebook still sees each one).
KERNEL_WARM_UP = """
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import numpy, keras
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.train_on_batch(numpy.zeros((1, 1), "float32"), numpy.zeros((1, 1), "float32"))
    model.predict_on_batch(numpy.zeros((1, 1), "float32"))
    del model
    keras.backend.clear_session()
"""
PRESTART_CODE = f"exec({KERNEL_WARM_UP!r}, {{}})"


def prestart_kernel(folder, config, memory_limit, output_limit=sandbox.OUTPUT_LIMIT):
    """Start the grading kernel autograde would start for a notebook in FOLDER, now: with CONFIG, the
    course's (grading_config.py: its env, its sockets, the sandbox's kernelspec), NBGRADER_EXECUTION set
    as autograde sets it, the memory and disk caps; then warm it up (``KERNEL_WARM_UP``), silently
    (no output, no execution count, no name bound). ``ExecuteUpToLastTest`` grades FOLDER's notebook on it."""
    from jupyter_client import BlockingKernelClient
    from jupyter_core.utils import run_sync

    sockets = ExecuteUpToLastTest.sockets_dir()
    sockets.mkdir(parents=True, exist_ok=True)
    os.environ[MEMORY_ENV] = str(memory_limit or 0)
    os.environ[sandbox.OUTPUT_ENV] = str(output_limit)
    manager = GradingKernelManager(kernel_name=sandbox.KERNEL_NAME, config=config)
    arguments = ["--HistoryManager.hist_file=:memory:"] if manager.ipykernel else []  # as nbclient starts it
    run_sync(manager.start_kernel)(cwd=str(folder), env={**os.environ, "NBGRADER_EXECUTION": "autograde"},
                                   extra_arguments=arguments)
    PRESTARTED[str(Path(folder).resolve())] = manager
    client = BlockingKernelClient()
    client.load_connection_info(manager.get_connection_info())
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute_interactive(PRESTART_CODE, silent=True, store_history=False, timeout=120)
    finally:
        client.stop_channels()


def shutdown_prestarted():
    """Shut down the prestarted kernels not used."""
    from jupyter_core.utils import run_sync

    while PRESTARTED:
        _, manager = PRESTARTED.popitem()
        run_sync(manager.shutdown_kernel)(now=True)


class ExecuteUpToLastTest(Execute):
    notebook_timeout = Integer(0, help="Seconds for the whole notebook; 0: no cap").tag(config=True)
    memory_limit = Integer(0, help="Bytes of address space for the kernel; 0: no cap").tag(config=True)
    output_limit = Integer(sandbox.OUTPUT_LIMIT, help="Bytes the kernel may write to output/ (in the sandbox), "
                                                      "and to any one file").tag(config=True)
    sandbox_problem = Unicode("", help="Why the sandbox the config asks for cannot start: "
                                       "then no notebook is executed").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", GradingKernelManager)
        super().__init__(*args, **kwargs)

    @staticmethod
    def sockets_dir():
        """The folder of this process's kernels' Unix sockets (KernelManager.ip is in it)."""
        from jupyter_core.paths import jupyter_runtime_dir

        return Path(jupyter_runtime_dir()) / f"nbgrader-{os.getpid()}"

    def preprocess(self, nb, resources=None, km=None):
        if self.sandbox_problem:
            raise RuntimeError(self.sandbox_problem)
        sockets = self.sockets_dir()
        if not sockets.is_dir():
            sockets.mkdir(parents=True)
            atexit.register(shutil.rmtree, sockets, ignore_errors=True)
        if self.memory_limit:
            os.environ[MEMORY_ENV] = str(self.memory_limit)
        os.environ[sandbox.OUTPUT_ENV] = str(self.output_limit)
        self._last_graded = last_graded_index(nb.cells)
        self._cell_timeout = self.timeout
        self._deadline = time.monotonic() + self.notebook_timeout if self.notebook_timeout else None
        self._stopped = ""  # why no more cells run
        for index, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags", [])
            if self.skip_cells_with_tag in tags:
                name = cell.metadata.get("nbgrader", {}).get("grade_id", f"number {index}")
                self.log.warning("Cell %s is tagged %s: it runs anyway", name, self.skip_cells_with_tag)
                tags.remove(self.skip_cells_with_tag)
        folder = str(Path((resources or {}).get("metadata", {}).get("path") or ".").resolve())
        prestarted = PRESTARTED.pop(folder, None) if km is None else None
        try:
            return super().preprocess(nb, resources, km or prestarted)
        finally:
            self.timeout = self._cell_timeout
            if prestarted is not None:  # not nbclient's to shut down: shut down as its own (shutdown_kernel)
                from jupyter_core.utils import run_sync

                run_sync(prestarted.shutdown_kernel)(now=self.shutdown_kernel == "immediate")

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if index > self._last_graded:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=NOT_RUN)]
            return cell, resources
        if self._deadline is not None and not self._stopped:
            left = self._deadline - time.monotonic()
            if left < 1:
                self._stopped = f"the notebook ran past its {self.notebook_timeout} s, the cap for a whole notebook"
            elif self._cell_timeout is None or left < self._cell_timeout:
                self.timeout = int(left)
        if self._stopped:
            self.log.warning("Cell %d not run: %s", index, self._stopped)
            cell.outputs = [error_output("NotRun", f"not run while grading: {self._stopped}") if utils.is_grade(cell)
                            else nbformat.v4.new_output("stream", name="stdout", text=f"Not run: {self._stopped}\n")]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stopped = f"{KERNEL_DIED} in an earlier cell"
            self.log.error("The kernel died in cell %d: the cells after it do not run", index)
            cell.outputs.append(error_output("DeadKernelError", f"{KERNEL_DIED} while this cell ran"))
        if any(words in text for output in cell.outputs for text in _texts(output) for words in DISK_FULL):
            cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=disk_cap_note(self.output_limit)))
        return cell, resources


def _texts(output):
    """What an output shows as text: a stream's text, an error's value, a result's text/plain."""
    if output.get("output_type") == "stream":
        return [output.get("text", "")]
    if output.get("output_type") == "error":
        return [output.get("evalue", "")]
    return [str(output.get("data", {}).get("text/plain", ""))]


def stderr_as_note(outputs):
    """OUTPUTS with each run of stderr stream outputs made one stdout output that starts with STDERR_NOTE."""
    noted, moved = [], False
    for output in outputs:
        if output.output_type == "stream" and output.name == "stderr":
            text = "".join(output.text) if isinstance(output.text, list) else output.text
            if moved:
                noted[-1].text += text
            else:
                noted.append(nbformat.v4.new_output("stream", name="stdout", text=STDERR_NOTE + text))
            moved = True
        else:
            noted.append(output)
            moved = False
    return noted


class StderrAsNote(IgnorePattern):
    enabled = Bool(True, help="Whether to use this preprocessor when running nbgrader").tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code" and utils.is_grade(cell):
            cell.outputs = stderr_as_note(cell.outputs)
        return cell, resources


class DropDuplicatedIds(DeduplicateIds):
    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and grade_id in self.grade_ids:
            self.log.warning("Cell with id '%s' exists multiple times: graded the last copy", grade_id)
            del cell.metadata["nbgrader"]
            return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)


class RestoreTestCells(OverwriteCells):
    def preprocess_cell(self, cell, resources, cell_index):
        self._as_released = False
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and utils.is_locked(cell):
            try:
                source = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except Exception:  # not in the gradebook: OverwriteCells says so
                source = None
            if source is not None:
                released = copy.deepcopy(cell)
                released.source = source.source
                released, _ = ClearHiddenTests().preprocess_cell(released, {}, cell_index)
                self._as_released = cell.source.strip() == released.source.strip()
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum" and self._as_released:
            self.log.debug("Test cell %s as released: its hidden tests are put back", name)
            return
        super().report_change(name, attr, old, new)
