"""How long does a student wait for a check? The Check button in JupyterLab beside ``make check``.

    python benchmarks/check.py [--lesson 01_dense_gan] [--variant wrong_...] [--checks 3] [--pause 15]
    python benchmarks/check.py --baseline REV [...]

In one run, on a copy of the course whose work/ holds LESSON with one wrong answer (VARIANT, of
tests/variants/LESSON/; by default the browser test's):

- ``make check`` (``python -m autograder check NOTEBOOK``, a process of its own each time), the
  first check (a new check folder: its gradebook made) and CHECKS further ones;
- the Check button's server side (autograder/lab/check.py) in a JupyterLab started as ``make lab``
  starts it: the first check of the session, asked as soon as the server answers (its warm-up
  still running), then CHECKS further ones, each PAUSE seconds after the last answer (a student
  reads the answer; meanwhile the next check's kernel starts ahead).

``--baseline REV`` also makes a second copy from git revision REV (its course/, solutions/ and
autograder/: its tests and its grader; gancourse is the installed one) and times the two side
by side: each ``make check`` alternating, then each copy's own JupyterLab, started one after the
other (each first check alone), their further checks alternating.

Each line: the seconds the student waits (the HTTP request's, or the command's wall time), the
score, and for the button whether the kernel was started ahead. The machine's load (``uptime``)
is printed before and after: compare figures of one quiet run only.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.submissions import Variant, build_submission  # noqa: E402

TOKEN = "gancourse-benchmark"
COPIED = ("course", "solutions", "autograder")


def load():
    return Path("/proc/loadavg").read_text().split()[:3]


def course_copy(root, lesson, variant, revision=None):
    """ROOT made a course (COPIED from the working tree, or from git REVISION) whose work/ holds
    LESSON with VARIANT's wrong answer; its notebook."""
    if revision is None:
        for folder in COPIED:
            shutil.copytree(REPO / folder, root / folder,
                            ignore=shutil.ignore_patterns("__pycache__", "samples", "node_modules", "lib"))
    else:
        root.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", revision, *COPIED], cwd=REPO, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "autograder", "workspace", lesson], cwd=root, check=True, capture_output=True)
    wrong = REPO / "tests" / "variants" / lesson / f"{variant}.py"
    notebook = root / "work" / lesson / f"{lesson}.ipynb"
    import nbformat

    nbformat.write(build_submission(lesson, Variant.from_file(wrong)), notebook)
    return notebook


def make_check(notebook, label):
    """Wall seconds of one ``python -m autograder check NOTEBOOK`` of the notebook's course copy
    (the first one makes its check folder)."""
    root = notebook.parents[2]
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "autograder", "check", str(notebook)], cwd=root,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    score = [line for line in run.stdout.splitlines() if line.startswith(notebook.stem + ":")]
    print(f"  {label:<28}{seconds:5.1f} s  {score[-1] if score else run.stdout[-300:] + run.stderr[-300:]}",
          flush=True)
    return seconds


class Lab:
    """A JupyterLab on a course copy, started as ``make lab`` starts it; ``check`` asks its Check button."""

    def __init__(self, notebook, label):
        self.root, self.label = notebook.parents[2], label
        self.path = notebook.relative_to(self.root).as_posix()
        self.checks = 0

    def __enter__(self):
        root = self.root
        env = {**os.environ, "JUPYTER_CONFIG_PATH": str(root / "autograder" / "lab" / "student"),
               "JUPYTER_PATH": str(root / "autograder" / "lab" / "jupyter"),
               "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
               "PYTHONPATH": str(root)}  # the copy's autograder, not the one installed from this checkout
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = open(root / "jupyter.log", "w")
        self.server = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser",
                                        f"--port={self.url.rsplit(':', 1)[1]}", "--ServerApp.ip=127.0.0.1",
                                        "--allow-root", f"--IdentityProvider.token={TOKEN}", "--ServerApp.root_dir=.."],
                                       cwd=root / "autograder", env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        return self

    def __exit__(self, *exc):
        self.server.terminate()
        self.server.wait(60)
        self.log.close()

    def check(self):
        """The seconds a check through the Check button's handler waits."""
        request = urllib.request.Request(f"{self.url}/gancourse/check", data=json.dumps({"path": self.path}).encode(),
                                         headers={"Authorization": f"token {TOKEN}"}, method="POST")
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=700) as response:
            answer = json.load(response)
        seconds = time.perf_counter() - start
        which = "first check" if not self.checks else "further check"
        self.checks += 1
        print(f"  {self.label:<28}{seconds:5.1f} s  {answer['lesson']}: {answer['score']:g}/{answer['max_score']:g}"
              f"  ({which}, kernel started ahead: {answer['warm_kernel']}, steps {answer['steps']})", flush=True)
        return seconds


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="01_dense_gan")
    parser.add_argument("--variant", default="wrong_preprocess_zero_to_one", help="the wrong answer, of tests/variants/LESSON/")
    parser.add_argument("--checks", type=int, default=3, help="further checks after the first")
    parser.add_argument("--pause", type=float, default=15, help="seconds between an answer and the next check")
    parser.add_argument("--baseline", metavar="REV", help="also time the course of git revision REV, side by side")
    args = parser.parse_args()
    print(f"load before: {' '.join(load())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="check-benchmark-") as scratch:
        copies = {"": None} if not args.baseline else {"": None, f" ({args.baseline})": args.baseline}
        notebooks = {}
        for suffix, revision in copies.items():
            notebooks[suffix] = course_copy(Path(scratch) / f"copy{len(notebooks)}", args.lesson, args.variant, revision)
        print(f"{args.lesson} with {args.variant}:")
        seconds = {f"make check{suffix}": [] for suffix in copies} | {f"Check button{suffix}": [] for suffix in copies}
        for _ in range(args.checks + 1):
            for suffix, notebook in notebooks.items():
                seconds[f"make check{suffix}"].append(make_check(notebook, f"make check{suffix}"))
        labs = [Lab(notebook, f"Check button{suffix}") for suffix, notebook in notebooks.items()]
        with contextlib.ExitStack() as running:
            for index, lab in enumerate(labs):  # one after the other: each first check alone
                if index:
                    time.sleep(args.pause)
                seconds[lab.label].append(running.enter_context(lab).check())
            for _ in range(args.checks):
                for lab in labs:
                    time.sleep(args.pause)
                    seconds[lab.label].append(lab.check())
    print(f"\n{'':28}{'first':>8}{'further checks (median)':>26}")
    for label, times in seconds.items():
        further = f"{statistics.median(times[1:]):25.1f}s" if times[1:] else ""
        print(f"{label:<28}{times[0]:7.1f}s{further}")
    print(f"load after: {' '.join(load())}")


if __name__ == "__main__":
    main()
