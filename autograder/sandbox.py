"""Each grading kernel runs in a bubblewrap sandbox: the operating system keeps a student's code
away from the gradebook, the instructor's files and the other students.

``bwrap`` (Debian's ``bubblewrap``, the sandbox of Flatpak) starts the kernel in new mount,
PID, network, IPC, UTS, cgroup and user namespaces, as uid 65534 with no capabilities and no
way to make another user namespace. Its file system is built from nothing; it holds only:

- read-only: ``/usr`` and the few files of ``/etc`` that programs read (the loader's cache,
  ``passwd``, time zones, certificates), the venv (and the interpreter it was made from, when
  that is not under ``/usr``), the course's ``gancourse`` package, Fashion-MNIST (the Keras
  cache and the folders its links point to, ``$FASHION_MNIST_DIR``), and the notebook's own
  folder (the notebook and what the lesson gives every student);
- writable: the notebook's ``output/`` folder (a tmpfs of ``$GANCOURSE_OUTPUT_LIMIT`` bytes,
  64 MiB by default: see "Disk" below), a private ``/tmp`` (a 512 MiB tmpfs: HOME, Keras' and
  matplotlib's settings), and the folder of its Unix sockets, named after its nbgrader
  process in Jupyter's runtime folder; read-only, its connection file;
- a ``/proc`` of its own PID namespace, a minimal ``/dev``, and no network but its own loopback.

Everything else does not exist inside: ``solutions/``, gradebooks, other submissions and
feedback, the instructor's home, the other kernels' sockets. The environment is cleared
but for an allow-list (locale, TensorFlow's and nbgrader's variables).

How the kernel gets here: autograder/grading_config.py puts ``autograder/jupyter`` on
JUPYTER_PATH and has autograde start the kernelspec ``gancourse-sandbox`` (whatever kernel the
notebook names). Its command runs this file (``launch``), which sets the kernel's memory cap
(RLIMIT_AS, ``$GANCOURSE_KERNEL_MEMORY``) and execs ``bwrap`` with ipykernel inside, or
ipykernel alone where ``GANCOURSE_SANDBOX=off``. The kill on a notebook's time cap reaches the
kernel: it descends from nbgrader, and ``--die-with-parent`` takes it down with bwrap. A cell's timeout
interrupts with SIGINT to the process group: bwrap ignores it, the kernel gets it.

Disk: the kernel can write only to tmpfs folders of a fixed size, so a write past the size fails
inside the kernel (``OSError: [Errno 28] No space left on device``) and nothing reaches the
grading machine's disk but what ``output/`` holds when the kernel ends. Inside, the kernel runs
as the child of a keeper (``keep``, this file again, pid 1 of the sandbox) that holds the real
``<notebook>/output`` as an open folder the kernel cannot reach: not mounted inside, and the
keeper is not dumpable, so no ``/proc/1/fd`` either. The keeper copies what that folder held
into the tmpfs before the kernel starts, and what the tmpfs holds back into it (at most
``MAX_OUTPUT_FILES`` entries) when the kernel ends: by itself, or at SIGTERM, which the course's
kernel manager sends at shutdown and waits for (autograder/preprocessors.py). A sandbox killed
outright (a notebook's time cap) leaves its tmpfs behind in memory only, and it goes with it.
The launcher also sets RLIMIT_FSIZE to the same size: without the sandbox that still caps
each file the kernel writes (``OSError: [Errno 27] File too large``), though not their total.

This file runs as a script outside the sandbox, before the kernel, and as the keeper inside it:
the standard library only.
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KERNEL_NAME = "gancourse-sandbox"  # autograder/jupyter/kernels/gancourse-sandbox: runs this file
KERNELS = Path(__file__).resolve().parent / "jupyter"  # goes on JUPYTER_PATH (grading_config.py)
KEEPER = str(Path(__file__).resolve())  # this file: inside the sandbox it runs ``keep``
BWRAP = "bwrap"
SCRATCH_BYTES = 512 * 1024 ** 2
# The disk a kernel may fill: output/'s size, and the largest file it may write. The lessons'
# largest output/ is 9.5 MB (lesson 03 at full length: its generator.keras, 9.4 MB, and 7 grids):
# see autograder/README.md, "The sandbox".
OUTPUT_LIMIT = 64 * 1024 ** 2
OUTPUT_ENV = "GANCOURSE_OUTPUT_LIMIT"  # bytes; set by grading_config.py, read by launch()
MAX_OUTPUT_FILES = 1_000  # files and folders copied out of output/: the lessons write up to 20
UID = 65534  # "nobody" inside the user namespace
HOW_TO_INSTALL = (
    "Install bubblewrap: `sudo apt-get install bubblewrap` (Debian, Ubuntu), `sudo dnf install bubblewrap` "
    "(Fedora). If it is installed, unprivileged user namespaces may be off: `sudo sysctl -w "
    "kernel.unprivileged_userns_clone=1` (Debian) or `user.max_user_namespaces=15000`; in a container, run it "
    "with namespaces allowed (Docker: --security-opt seccomp=unconfined, or --privileged).")
# One line for where the sandbox cannot start on a laptop: macOS and Windows have no bubblewrap.
HOW_TO_TURN_ON = ("install bubblewrap on Linux (`sudo apt-get install bubblewrap`, user namespaces on); "
                  "macOS and Windows have none (autograder/README.md, \"The sandbox\").")
# What of /etc the interpreter, TensorFlow and matplotlib read; no secrets among them.
ETC = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime", "timezone", "passwd", "group",
       "nsswitch.conf", "hosts", "host.conf", "ssl", "ca-certificates", "mime.types", "fonts", "matplotlibrc"]
# Environment variables a kernel keeps (exact names, or prefixes ending in _); all others are dropped.
KEEP_ENV = ("LANG", "LANGUAGE", "LC_", "TZ", "TERM", "TF_", "PYTHONWARNINGS", "PYTHONHASHSEED", "PYTHONUNBUFFERED",
            "NBGRADER_", "GANCOURSE_", "KERAS_BACKEND", "OMP_", "MKL_", "OPENBLAS_", "CUDA_VISIBLE_DEVICES",
            "JPY_SESSION_NAME", "PYDEVD_DISABLE_FILE_VALIDATION", "FASHION_MNIST_DIR")


def _kept(name):
    return any(name == keep or (keep.endswith("_") and name.startswith(keep)) for keep in KEEP_ENV)


def _python_roots():
    """The venv, and the installation its interpreter comes from when that is not under /usr."""
    roots = [Path(sys.prefix)]
    for prefix in (sys.base_prefix, os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))):
        if not Path(prefix).resolve().is_relative_to("/usr"):
            roots.append(Path(prefix).resolve())
    return roots


def _gancourse():
    """The folders of the course's package: this repository's, and the one the venv's editable
    install points to (another checkout's, when a copy of the repository shares the venv)."""
    folders = [REPO / "gancourse"]
    # every finder's answer, not only the first: from a copy's folder, sys.path finds the copy's
    # package, while the kernel, in the notebook's folder, gets the editable install's
    for finder in sys.meta_path:
        try:
            spec = finder.find_spec("gancourse", None)
        except Exception:  # a finder without find_spec, or one that cannot answer
            spec = None
        folders += [Path(folder).resolve() for folder in (spec.submodule_search_locations or [])] if spec else []
    return [folder for folder in folders if folder.is_dir()]


def _data_binds(env):
    """``[(outside, inside)]`` for Fashion-MNIST: the Keras cache at the kernel's Keras cache, and
    the folders its links point to (Debian's package, ``$FASHION_MNIST_DIR``) at their own paths."""
    home = env.get("KERAS_HOME") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".keras")
    cache = Path(home) / "datasets" / "fashion-mnist"
    binds = []
    if cache.is_dir():
        binds.append((cache, Path("/tmp/.keras/datasets/fashion-mnist")))
        for entry in cache.iterdir():
            if entry.is_symlink():
                target = Path(os.path.realpath(entry)).parent
                if not target.is_relative_to("/usr"):
                    binds.append((target, target))
    if env.get("FASHION_MNIST_DIR"):
        folder = Path(env["FASHION_MNIST_DIR"]).expanduser().resolve()
        binds.append((folder, folder))
    return binds


def bwrap_command(command, notebook_dir, sockets_dir, output_fd, connection_file=None, env=None,
                  output_limit=OUTPUT_LIMIT):
    """COMMAND (a kernel's argv) wrapped in bwrap: reads only what a lesson needs and CONNECTION_FILE,
    writes only a tmpfs of OUTPUT_LIMIT bytes at NOTEBOOK_DIR/output, a private /tmp and SOCKETS_DIR
    (where its sockets go). COMMAND runs under the keeper (``keep``), which copies the tmpfs to and
    from OUTPUT_FD (``open_output``), an inheritable open folder: the caller passes it to bwrap."""
    env = os.environ if env is None else env
    notebook_dir = Path(notebook_dir).resolve()
    args = [BWRAP, "--unshare-all", "--unshare-user", "--uid", str(UID), "--gid", str(UID), "--disable-userns",
            "--die-with-parent", "--as-pid-1", "--clearenv",
            "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev",
            "--size", str(SCRATCH_BYTES), "--perms", "1777", "--tmpfs", "/tmp"]
    for name in ("bin", "lib", "lib32", "lib64", "sbin"):  # Debian's merged /usr: links, or real folders
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    etc = [Path("/etc") / name for name in ETC] + sorted(Path("/etc").glob("python3*"))
    args += [arg for path in etc if path.exists() for arg in ("--ro-bind", str(path), str(path))]
    for outside in dict.fromkeys(_python_roots() + _gancourse()):
        args += ["--ro-bind", str(outside), str(outside)]
    for outside, inside in _data_binds(env):
        args += ["--ro-bind", str(outside), str(inside)]
    output = notebook_dir / "output"
    args += ["--ro-bind", str(notebook_dir), str(notebook_dir), "--size", str(output_limit), "--tmpfs", str(output),
             "--ro-bind", KEEPER, KEEPER,
             "--bind", str(sockets_dir), str(sockets_dir), "--chdir", str(notebook_dir)]
    if connection_file:
        args += ["--ro-bind", str(connection_file), str(connection_file)]
    args += ["--remount-ro", "/"]  # the folders bwrap made to mount on: not a place to write either
    inside_env = {name: value for name, value in env.items() if _kept(name)}
    # JPY_PARENT_PID=1: ipykernel neither watches for its parent (bwrap's init, pid 1 in the
    # sandbox: --die-with-parent does that) nor prints its "connect another client" banner
    inside_env.update(JPY_PARENT_PID="1", HOME="/tmp", TMPDIR="/tmp", KERAS_HOME="/tmp/.keras", MPLCONFIGDIR="/tmp/matplotlib",
                      PATH=os.pathsep.join([str(Path(sys.prefix) / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]))
    for name, value in sorted(inside_env.items()):
        args += ["--setenv", name, value]
    # jupyter_client interrupts a cell (its timeout) with SIGINT to the kernel's process group, bwrap
    # included: bwrap ignores it (`env --ignore-signal`), the kernel sets its own handler (ipykernel).
    # At shutdown, SIGTERM to that group (autograder/preprocessors.py): bwrap ignores it too, the
    # keeper ends the kernel, copies output/ out, and ends, and bwrap with it.
    keeper = [sys.executable, "-I", KEEPER, "--keep", str(output_fd), str(output), "--"]
    return ["env", "--ignore-signal=INT,TERM", *args, "--", *keeper, *command]


def prepare_output(notebook_dir):
    """NOTEBOOK_DIR/output as a real folder (never a link a submission left), for the kernel to write."""
    output = Path(notebook_dir).resolve() / "output"
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        output.unlink()
    output.mkdir(exist_ok=True)
    return output


def open_output(notebook_dir):
    """NOTEBOOK_DIR/output (``prepare_output``) as an open folder that a child process inherits."""
    folder = os.open(prepare_output(notebook_dir), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    os.set_inheritable(folder, True)
    return folder


def keep(output_fd, output, command):
    """Inside the sandbox, as its pid 1: run COMMAND (the kernel) with OUTPUT (the tmpfs) holding
    what the folder open as OUTPUT_FD holds; when the kernel ends, or at SIGTERM (which ends it),
    copy OUTPUT back to OUTPUT_FD. Returns the kernel's exit code."""
    import ctypes

    os.set_inheritable(output_fd, False)  # the kernel never gets it,
    if ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0) != 0:  # nor this process's /proc (PR_SET_DUMPABLE 0)
        raise SystemExit(f"the sandbox's keeper cannot protect output/: prctl failed, errno {ctypes.get_errno()}")
    tmpfs = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    _copy_tree(output_fd, tmpfs, MAX_OUTPUT_FILES)  # a submission's own output/, as far as the size lets it
    # bwrap ignores SIGTERM (bwrap_command); pid 1 of the sandbox gets only the signals it handles from
    # inside, SIGTERM from outside. Handled, not ignored, before the kernel starts: the kernel gets SIGTERM's default
    kernel = None
    signal.signal(signal.SIGTERM, lambda *_: kernel and kernel.kill())
    kernel = subprocess.Popen(command)
    while True:  # pid 1 also reaps the kernel's orphans
        pid, status = os.waitpid(-1, 0)
        if pid == kernel.pid:
            break
    kernel.returncode = os.waitstatus_to_exitcode(status)
    _clear(output_fd)
    _copy_tree(tmpfs, output_fd, MAX_OUTPUT_FILES)
    return kernel.returncode


def _copy_tree(source, target, entries):
    """Copy the folder open as SOURCE into the one open as TARGET: folders and regular files, no links
    or devices, at most ENTRIES of them. Returns how many entries it may still copy."""
    for name in sorted(os.listdir(source)):
        if entries <= 0:
            break
        info = os.stat(name, dir_fd=source, follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            os.mkdir(name, mode=0o755, dir_fd=target)
            inner_source = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=source)
            inner_target = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=target)
            try:
                entries = _copy_tree(inner_source, inner_target, entries - 1)
            finally:
                os.close(inner_source)
                os.close(inner_target)
        elif stat.S_ISREG(info.st_mode):
            entries -= 1
            reading = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=source)
            writing = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=target)
            try:
                with open(reading, "rb") as read, open(writing, "wb", closefd=False) as write:
                    shutil.copyfileobj(read, write)
            except OSError as error:  # the tmpfs full on the way in: what fits is in
                print(f"[gancourse] output/{name}: {error.strerror}", file=sys.stderr)
            finally:
                os.close(writing)
    return entries


def _clear(folder):
    """Empty the folder open as FOLDER."""
    for name in os.listdir(folder):
        if stat.S_ISDIR(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
            shutil.rmtree(name, dir_fd=folder)
        else:
            os.unlink(name, dir_fd=folder)


@lru_cache(maxsize=None)
def problem():
    """Why the sandbox cannot start here (None when it can): a real Python run inside it."""
    if shutil.which(BWRAP) is None:
        return "bwrap (bubblewrap) is not installed"
    with tempfile.TemporaryDirectory(prefix="sandbox-probe-") as scratch:
        folder, sockets = Path(scratch) / "notebook", Path(scratch) / "sockets"
        sockets.mkdir()
        folder.mkdir()
        output = open_output(folder)
        # the course's package is found inside, without importing it (matplotlib, numpy: 1 s a probe,
        # and every nbgrader run loads the config that probes)
        found = "import importlib.util, sys; sys.exit(importlib.util.find_spec('gancourse') is None)"
        command = bwrap_command([sys.executable, "-c", found], folder, sockets, output)
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=60, pass_fds=[output])
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"bwrap did not run: {error}"
        finally:
            os.close(output)
    if run.returncode != 0:
        return f"bwrap failed: {(run.stderr.strip() or f'exit code {run.returncode}').splitlines()[-1]}"
    return None


def require():
    """Stop, saying how to install it, when the sandbox cannot start."""
    reason = problem()
    if reason:
        raise SystemExit(f"Grading runs every notebook in a sandbox, and it cannot start here: {reason}.\n"
                         f"{HOW_TO_INSTALL}\nOr grade without it, students' code then running as you with your "
                         f"files open to it: --no-sandbox (python -m autograder grade or check), or GANCOURSE_SANDBOX=off")


def wanted(sandbox=None, whose=None):
    """Whether to grade in the sandbox: SANDBOX (True or False), or by default unless
    ``GANCOURSE_SANDBOX=off``. Where it is wanted and cannot start:

    - WHOSE None (other people's code: ``grade``): stop and say how to install it;
    - WHOSE given (the code is the user's own, or the course's: ``check``, ``demo``), and nothing
      asked for the sandbox (neither SANDBOX nor ``GANCOURSE_SANDBOX=on``): grade without it and say
      so in one line, with why that is safe here and how to turn it on.
    """
    setting = os.environ.get("GANCOURSE_SANDBOX", "auto")
    asked = sandbox is True or setting == "on"
    if sandbox is None:
        sandbox = setting != "off"
    reason = problem() if sandbox else None
    if reason and whose and not asked:
        print(f"[gancourse] grading without the sandbox, as {reason}: safe here, the code graded is {whose}. "
              f"To grade in it: {HOW_TO_TURN_ON}", flush=True)
        return False
    if reason:
        require()
    return sandbox


def launch(connection_file):
    """The sandbox kernel's command (its kernelspec runs this file): exec ipykernel inside bwrap.

    jupyter_client has written CONNECTION_FILE and started this in the notebook's folder. The
    kernel's sockets go to the folder of the connection's ``ip`` (grading_config.py: a folder
    named after the nbgrader process, in Jupyter's runtime folder); anything else in it, left by
    an earlier kernel of the same nbgrader run, is removed first.
    """
    connection_file = os.path.realpath(connection_file)
    with open(connection_file) as handle:
        info = json.load(handle)
    if info.get("transport") != "ipc":
        sys.exit("the grading sandbox has no network: kernels must use Unix sockets "
                 "(KernelManager.transport = 'ipc', as autograder/grading_config.py sets)")
    sockets_dir = Path(info["ip"]).parent
    ours = {f"{Path(info['ip']).name}-{info[name]}" for name in
            ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")}
    for entry in sockets_dir.iterdir():
        if entry.name not in ours or entry.is_symlink():
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    memory = int(os.environ.get("GANCOURSE_KERNEL_MEMORY") or 0)
    if memory:
        _cap("RLIMIT_AS", memory)
    output_limit = int(os.environ.get(OUTPUT_ENV) or OUTPUT_LIMIT)
    _cap("RLIMIT_FSIZE", output_limit)  # a file's size: the one cap on disk that holds without the sandbox
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file]
    if os.environ.get("GANCOURSE_SANDBOX") == "off":
        os.execv(kernel[0], kernel)
    notebook_dir = os.getcwd()
    command = bwrap_command(kernel, notebook_dir, sockets_dir, open_output(notebook_dir), connection_file,
                            output_limit=output_limit)
    os.execvp(command[0], command)


def _cap(name, value):
    """Set the resource limit NAME (RLIMIT_AS, RLIMIT_FSIZE) to VALUE, never above a cap the grader already set."""
    import resource

    limit = getattr(resource, name)
    _, hard = resource.getrlimit(limit)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(limit, (value, value))


if __name__ == "__main__":
    if sys.argv[1] == "--keep":  # inside the sandbox: --keep FD OUTPUT -- COMMAND
        sys.exit(keep(int(sys.argv[2]), sys.argv[3], sys.argv[5:]))
    launch(sys.argv[1])
