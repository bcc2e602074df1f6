"""How long does a student wait for a check? The Check button in JupyterLab beside ``make check``.

    python benchmarks/check.py [--lesson 01_dense_gan] [--variant wrong_...] [--checks 3] [--pause 15]

In one run, on a copy of the course whose work/ holds LESSON with one wrong answer (VARIANT, of
tests/variants/LESSON/; by default the browser test's):

- ``make check`` (``python -m autograder check NOTEBOOK``, a process of its own each time), the
  first check (a new check folder: its gradebook made) and CHECKS further ones;
- the Check button's server side (autograder/lab/check.py) in a JupyterLab started as ``make lab``
  starts it: the first check of the session, asked as soon as the server answers (its warm-up
  still running), then CHECKS further ones, each PAUSE seconds after the last answer (a student
  reads the answer; meanwhile the next check's kernel starts ahead).

Each line: the seconds the student waits (the HTTP request's, or the command's wall time), the
score, and for the button whether the kernel was started ahead. The machine's load (``uptime``)
is printed before and after: compare figures of one quiet run only.
"""

import argparse
import json
import os
import shutil
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


def load():
    return Path("/proc/loadavg").read_text().split()[:3]


def course_copy(root, lesson, variant):
    for folder in ("course", "solutions", "autograder"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "samples", "node_modules", "lib"))
    subprocess.run([sys.executable, "-m", "autograder", "workspace", lesson], cwd=root, check=True, capture_output=True)
    wrong = REPO / "tests" / "variants" / lesson / f"{variant}.py"
    notebook = root / "work" / lesson / f"{lesson}.ipynb"
    import nbformat

    nbformat.write(build_submission(lesson, Variant.from_file(wrong)), notebook)
    return notebook, wrong.stem


def make_check(notebook, out_dir, times):
    """Wall seconds of each ``python -m autograder check NOTEBOOK`` (the first one in a new check folder)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", "import sys; from autograder.student import check; "
                              f"check([sys.argv[1]], out_dir={str(out_dir)!r})", str(notebook)],
                             cwd=REPO, capture_output=True, text=True)
        seconds.append(time.perf_counter() - start)
        score = [line for line in run.stdout.splitlines() if line.startswith(notebook.stem + ":")]
        print(f"  make check        {seconds[-1]:5.1f} s  {score[-1] if score else run.stdout[-300:] + run.stderr[-300:]}",
              flush=True)
    return seconds


def lab_checks(root, notebook, times, pause):
    """Wait seconds of the first and further checks through the Check button's handler."""
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(root / "autograder" / "lab" / "student"),
           "JUPYTER_PATH": str(root / "autograder" / "lab" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(root / "jupyter-config")}
    log = open(root / "jupyter.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
                               "--ServerApp.ip=127.0.0.1", "--allow-root", f"--IdentityProvider.token={TOKEN}",
                               "--ServerApp.root_dir=.."], cwd=root / "autograder", env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        path = notebook.relative_to(root).as_posix()
        seconds = []
        for index in range(times + 1):
            if index:
                time.sleep(pause)
            request = urllib.request.Request(f"{url}/gancourse/check", data=json.dumps({"path": path}).encode(),
                                             headers={"Authorization": f"token {TOKEN}"}, method="POST")
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=700) as response:
                answer = json.load(response)
            seconds.append(time.perf_counter() - start)
            which = "first check" if not index else "further check"
            print(f"  Check button      {seconds[-1]:5.1f} s  {answer['lesson']}: {answer['score']:g}/"
                  f"{answer['max_score']:g}  ({which}, kernel started ahead: {answer['warm_kernel']}, "
                  f"steps {answer['steps']})", flush=True)
        return seconds
    finally:
        server.terminate()
        server.wait(60)
        log.close()


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
    args = parser.parse_args()
    print(f"load before: {' '.join(load())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="check-benchmark-") as scratch:
        root = Path(scratch)
        notebook, variant = course_copy(root, args.lesson, args.variant)
        print(f"{args.lesson} with {variant}:")
        checks = make_check(notebook, root / "check", args.checks + 1)
        button = lab_checks(root, notebook, args.checks, args.pause)
    further = lambda seconds: sum(seconds[1:]) / len(seconds[1:]) if seconds[1:] else float("nan")  # noqa: E731
    print(f"\n{'':16}{'first':>8}{'further (mean)':>16}")
    print(f"{'make check':16}{checks[0]:7.1f}s{further(checks):15.1f}s")
    print(f"{'Check button':16}{button[0]:7.1f}s{further(button):15.1f}s")
    print(f"load after: {' '.join(load())}")


if __name__ == "__main__":
    main()
