"""Drive the real nbgrader CLI for the course, and read grades from its gradebook."""

import atexit
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

import nbformat

AUTOGRADER_DIR = Path(__file__).resolve().parent
REPO = AUTOGRADER_DIR.parent
SOLUTIONS = REPO / "solutions"
COURSE = REPO / "course"
# the lessons: solutions/'s, or where a student's copy has no solutions/ (a JupyterHub server), the release's
LESSONS = sorted(path.name for path in (SOLUTIONS if SOLUTIONS.is_dir() else COURSE).iterdir() if path.is_dir())


def nbgrader(*args, check=True, timeout=None, memory_bytes=None, sandbox=None, prestarted=None):
    """Run ``nbgrader ARGS`` in autograder/, so that it reads the course config.

    Each run is a process of its own, as ``python -m nbgrader ARGS`` would be, but forked
    from a server process that has imported nbgrader already (one per thread): importing
    nbgrader takes 2.5 s, and grading a class runs it twice per notebook.

    ``timeout`` (seconds) caps the whole command: on expiry nbgrader and the kernels it
    started are killed and ``subprocess.TimeoutExpired`` is raised. ``memory_bytes`` caps
    the address space of nbgrader and of the kernels it starts (they inherit the limit).
    ``sandbox`` ("on", "off"; default: the config's "on where it can") sets whether autograde's
    kernels run in the sandbox (autograder/sandbox.py). ``prestarted``: a run ``prestart``
    forked earlier with these ARGS, which goes on now (the time cap counts from here).
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    run = prestarted or prestart(*args, memory_bytes=memory_bytes, sandbox=sandbox)
    run.go.with_suffix(".new").write_text("go")
    run.go.with_suffix(".new").rename(run.go)
    expired = threading.Event()

    def expire():
        expired.set()
        _kill_tree(run.pid)

    timer = threading.Timer(timeout, expire) if timeout else None
    if timer:
        timer.start()
    returncode = run.wait()  # when the run ends, or is killed
    if timer:
        timer.cancel()
        timer.join()  # a kill in progress finishes: no kernel outlives its run
    output = run.output()
    if expired.is_set():
        raise subprocess.TimeoutExpired(command, timeout, output=output)
    completed = subprocess.CompletedProcess(command, returncode, output)
    if check and completed.returncode != 0:
        raise RuntimeError(f"nbgrader {args[0]} failed:\n{completed.stdout}")
    return completed


class Prestarted:
    """An nbgrader run forked by this thread's server, waiting for its go (``nbgrader(prestarted=...)``)
    or its ``cancel``: the file ``go`` appears, holding "go" or "cancel"."""

    def __init__(self, server, pid, scratch):
        self.server, self.pid, self.scratch = server, pid, scratch
        self.go = Path(scratch.name) / "go"
        self.returncode = None

    def wait(self):
        if self.returncode is None:
            self.returncode = _answer(self.server)
        return self.returncode

    def output(self):
        log = Path(self.scratch.name) / "output.txt"
        output = log.read_text(errors="replace") if log.exists() else ""
        self.scratch.cleanup()
        return output

    def cancel(self):
        """End the run without grading: it shuts its kernel down and exits."""
        if self.returncode is None:
            self.go.with_suffix(".new").write_text("cancel")
            self.go.with_suffix(".new").rename(self.go)
            self.wait()
            self.output()


def prestart(*args, memory_bytes=None, sandbox=None, kernel_dir=None):
    """Fork ``nbgrader ARGS`` now, to go on at ``nbgrader(*ARGS, prestarted=run)``. With KERNEL_DIR (a
    notebook's folder), the forked process starts its grading kernel there first, as autograde's
    ``ExecuteUpToLastTest`` would, with TensorFlow imported (autograder/preprocessors.py,
    ``prestart_kernel``): the notebook autograded in that folder then runs on it, without the wait."""
    env = dict(os.environ)
    # nbgrader runs `alembic` as a subprocess to create the gradebook: put this
    # interpreter's bin/ (the venv's) first on PATH so that it is found.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if sandbox:
        env["GANCOURSE_SANDBOX"] = sandbox
    server = _nbgrader_server()
    scratch = tempfile.TemporaryDirectory(prefix="nbgrader-")
    request = {"args": list(args), "env": env, "log": str(Path(scratch.name) / "output.txt"),
               "memory_bytes": memory_bytes, "go": str(Path(scratch.name) / "go"),
               "kernel_dir": str(kernel_dir) if kernel_dir else None}
    server.stdin.write(json.dumps(request) + "\n")
    server.stdin.flush()
    return Prestarted(server, _answer(server), scratch)


_servers = threading.local()
_all_servers = []  # every thread's server: their pipes are closed at exit


def _nbgrader_server():
    """This thread's server process (started on first use)."""
    server = getattr(_servers, "process", None)
    if server is None or server.poll() is not None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
        server = subprocess.Popen([sys.executable, "-m", "autograder.course"], env=env, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        _servers.process = server
        _all_servers.append(server)
    return server


@atexit.register
def _stop_servers():
    """Close each server's stdin (it then ends), wait for it, and close its stdout."""
    for server in _all_servers:
        with contextlib.suppress(OSError):
            server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


def _answer(server):
    line = server.stdout.readline()
    if not line:
        raise RuntimeError(f"the nbgrader server (python -m autograder.course) ended with exit code {server.wait()}")
    return int(line)


def _serve():
    """The server: import nbgrader once, then fork one process per request on stdin.

    It answers each request with two lines: the forked process's pid, and, when that
    process ends, its exit code (negative: killed by that signal). It ends with its stdin.
    """
    import nbgrader.apps.nbgraderapp  # noqa: F401 (the point of this process)

    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            _run_nbgrader(**json.loads(line))
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


def _run_nbgrader(args, env, log, memory_bytes, go, kernel_dir):
    """In the forked process: what ``python -m nbgrader ARGS`` does, output to LOG, once the file GO
    says "go" (it may say "cancel"). With KERNEL_DIR, its grading kernel starts there first."""
    os.environ.clear()
    os.environ.update(env)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    nothing, output = os.open(os.devnull, os.O_RDONLY), os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(nothing, 0)  # the server's request pipe is not for nbgrader or its kernels
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.chdir(AUTOGRADER_DIR)
    sys.argv = [sys.executable, *args]
    code = 1
    try:
        if kernel_dir:
            from traitlets.config import Config

            from autograder.grading_config import configure
            from autograder.preprocessors import prestart_kernel, shutdown_prestarted

            try:
                prestart_kernel(kernel_dir, configure(Config()), memory_bytes)
            except Exception:  # autograde then starts its kernel itself, as a cold run does
                traceback.print_exc()
                shutdown_prestarted()
        from jupyter_core.application import NoStart
        from jupyter_core.utils import ensure_event_loop
        from nbgrader.apps.nbgraderapp import NbGraderApp

        ensure_event_loop()  # what nbgrader's main() (JupyterApp.launch_instance) does, its config read before the go
        app = NbGraderApp.instance()
        app.initialize()
        server = os.getppid()
        while not os.path.exists(go) and os.getppid() == server:  # an orphan (its server gone) stops
            time.sleep(0.01)
        if not os.path.exists(go) or Path(go).read_text() != "go":
            raise SystemExit(0)  # cancelled: the kernel ends with this process (atexit)
        with contextlib.suppress(NoStart):  # raised once the subcommand's app has run
            app.start()
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        if kernel_dir:  # a prestarted kernel not used (a cancel, an error before autograde executed)
            from autograder.preprocessors import shutdown_prestarted

            shutdown_prestarted()
        # the folder of its kernels' sockets (autograder/preprocessors.py): os._exit skips its atexit
        from jupyter_core.paths import jupyter_runtime_dir

        shutil.rmtree(Path(jupyter_runtime_dir()) / f"nbgrader-{os.getpid()}", ignore_errors=True)
        os._exit(code)


def _kill_tree(pid):
    """Kill a process and its descendants: a kernel runs in a session of its own."""
    import psutil

    try:
        parent = psutil.Process(pid)
        processes = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(processes, timeout=10)


def release_course(lesson):
    """Regenerate course/LESSON from solutions/LESSON (``nbgrader generate_assignment``).

    It uses a throwaway gradebook, so that a release never clashes with the
    submissions of a gradebook in use.
    """
    with tempfile.TemporaryDirectory() as scratch:
        nbgrader("generate_assignment", lesson, "--force",
                 f"--CourseDirectory.db_url=sqlite:///{scratch}/release.db")
    return COURSE / lesson / f"{lesson}.ipynb"


class Course:
    """A self-contained nbgrader course folder for grading.

    ``root`` gets its own release (``course/``), ``submitted/``, ``autograded/``,
    ``feedback/`` and ``gradebook.db``; the lessons come from ``source``: our ``solutions/``, or
    a course root's ``source/`` (``python -m autograder grade --course-root``).
    ``sandbox``: "on" (autograde's kernels run in the sandbox, autograder/sandbox.py) or "off".
    """

    def __init__(self, root, sandbox="on", source=SOLUTIONS):
        self.root = Path(root).resolve()
        self.sandbox = sandbox
        self.source = Path(source).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.release_dir = self.root / "course"
        self.submitted_dir = self.root / "submitted"
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"

    def nbgrader(self, *args, **options):
        return nbgrader(*args, *self._options(), sandbox=self.sandbox, **options)

    def _options(self):
        return [f"--CourseDirectory.root={self.root}",
                f"--CourseDirectory.source_directory={self.source}",
                "--CourseDirectory.release_directory=course",
                "--CourseDirectory.submitted_directory=submitted",
                "--CourseDirectory.autograded_directory=autograded",
                "--CourseDirectory.feedback_directory=feedback",
                f"--CourseDirectory.db_url={self.db_url}"]

    def prestart(self, *args, **options):
        """``prestart`` (above) of ``nbgrader ARGS`` in this folder: it goes on at ``nbgrader(..., prestarted=it)``."""
        return prestart(*args, *self._options(), sandbox=self.sandbox, **options)

    def release(self, lesson):
        """``nbgrader generate_assignment`` into this folder, recording LESSON in its gradebook."""
        self.nbgrader("generate_assignment", lesson, "--force")
        return self.release_dir / lesson / f"{lesson}.ipynb"

    def submit(self, lesson, student, notebook):
        """Place a notebook (a path or a NotebookNode) as STUDENT's submission of LESSON."""
        folder = self.submitted_dir / student / lesson
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        target = folder / f"{lesson}.ipynb"
        if isinstance(notebook, (str, Path)):
            shutil.copyfile(notebook, target)
        else:
            nbformat.write(notebook, target)
        return target

    def autograde(self, lesson, student="*"):
        """``nbgrader autograde`` for one student, or all submitted students."""
        return self.nbgrader("autograde", lesson, f"--student={student}", "--force")

    def scores(self, lesson, student=None):
        """``{student: {test cell id: (score, max_score)}}`` from the gradebook: every student's, or STUDENT's."""
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(self.db_url) as gradebook:
            result = {}
            if student is None:
                submissions = gradebook.find_assignment(lesson).submissions
            else:  # one query, not one per student: a worker grades up to hundreds
                try:
                    submissions = [gradebook.find_submission(lesson, student)]
                except MissingEntry:
                    submissions = []
            for submission in submissions:
                notebook = submission.notebooks[0]
                result[submission.student.id] = {
                    grade.name: (grade.score, grade.max_score) for grade in notebook.grades
                }
            return result


def grade_table(scores):
    """A plain-text table: one row per student, one column per test cell, and a total."""
    cells = sorted({cell for grades in scores.values() for cell in grades})
    width = max([len("student")] + [len(student) for student in scores])
    header = f"{'student':<{width}}  " + "  ".join(f"{cell:>{len(cell)}}" for cell in cells)
    lines = [header + "   total"]
    for student in sorted(scores):
        grades = scores[student]
        row = "  ".join(f"{_points(grades.get(cell)):>{len(cell)}}" for cell in cells)
        got = sum(score for score, _ in grades.values())
        out_of = sum(max_score for _, max_score in grades.values())
        lines.append(f"{student:<{width}}  {row}   {got:g}/{out_of:g}")
    return "\n".join(lines)


def _points(grade):
    return "-" if grade is None else f"{grade[0]:g}/{grade[1]:g}"


def dump_json(scores, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(scores, indent=2, sort_keys=True))


if __name__ == "__main__":
    _serve()
