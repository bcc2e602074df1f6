"""The class grader on Dask distributed: a real ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1, each grading in its own course folder, in the sandbox."""

import contextlib
import csv
import os
import socket
import subprocess
import sys
import threading
import time

import nbformat
import pytest

from autograder.grading import grade_class
from autograder.course import COURSE
from autograder.submissions import Variant, build_submission
from tests.class_corpus import LESSON, _with_cell_appended
from tests.conftest import needs_sandbox

pytestmark = needs_sandbox  # grading other people's code: the sandbox, or nothing

WRONG = COURSE.parent / "tests" / "variants" / LESSON / "wrong_generator_relu.py"


def _class(folder):
    """A small mixed class of lesson 01: full marks, 0, a wrong answer, a dying kernel, a broken file (the
    one notebook nbgrader cannot grade)."""
    notebooks = {
        "ada": build_submission(LESSON),
        "blaise": nbformat.read(COURSE / LESSON / f"{LESSON}.ipynb", as_version=4),
        "charles": build_submission(LESSON, Variant.from_file(WRONG)),
        "dora": _with_cell_appended("build_gan", "import os\nos._exit(1)"),
        "emmy": None,
    }
    for student, notebook in notebooks.items():
        target = folder / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text("{ not json") if notebook is None else nbformat.write(notebook, target)
    return folder


def _rows(out_dir):
    with open(out_dir / "grades.csv") as handle:
        return [tuple(row.values()) for row in csv.DictReader(handle)]


@contextlib.contextmanager
def dask_cluster(tmp_path, workers=2):
    """A scheduler and WORKERS single-threaded workers without nannies (a killed worker stays dead)."""
    from distributed import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    logs = open(tmp_path / "dask.log", "w")
    processes = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                   "--port", str(port), "--no-dashboard"], stdout=logs, stderr=logs)]
    try:
        for index in range(workers):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--memory-limit", "0", "--name", f"worker{index}"], stdout=logs, stderr=logs))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask_class")
    submissions = _class(folder / "submissions")
    grade_class(submissions, folder / "local", workers=2, cell_timeout=60, notebook_timeout=300)
    return submissions, _rows(folder / "local")


def test_a_dask_cluster_grades_as_this_machine_does(local_run, tmp_path):
    submissions, local = local_run
    with dask_cluster(tmp_path) as address:
        run = subprocess.run([sys.executable, "-m", "autograder", "grade", f"--submissions={submissions}",
                              f"--out={tmp_path / 'dask'}", f"--scheduler={address}", "--cell-timeout=60",
                              "--notebook-timeout=300"], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert _rows(tmp_path / "dask") == local, "the cluster's grades should be this machine's"
    assert "5/5" in run.stderr and "failed=1" in run.stderr, f"one progress bar over the notebooks: {run.stderr[-500:]}"
    assert (tmp_path / "dask" / "feedback" / "ada" / LESSON / f"{LESSON}.html").is_file()
    assert "dora" in (tmp_path / "dask" / "report.txt").read_text()


def test_a_worker_killed_mid_run_loses_no_grade_and_records_none_twice(local_run, tmp_path):
    from distributed import Client

    submissions, local = local_run
    with dask_cluster(tmp_path) as address:
        run = threading.Thread(target=grade_class, args=(submissions, tmp_path / "dask"),
                               kwargs=dict(scheduler=address, cell_timeout=60, notebook_timeout=300))
        run.start()
        with Client(address, timeout=60) as client:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:  # a worker with a notebook in hand
                busy = [worker for worker, keys in client.processing().items() if keys]
                if busy:
                    break
                time.sleep(0.5)
            assert busy, "no task started within 5 minutes"
            time.sleep(3)  # well into its notebook
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
        subprocess.run(["kill", "-9", str(pid)], check=True)
        run.join(timeout=900)
        assert not run.is_alive(), "grading did not finish after a worker was killed"
    rows = _rows(tmp_path / "dask")
    assert sorted(row[0] for row in rows) == sorted(row[0] for row in local), "every submission once, none twice"
    assert rows == local, "the grades should not depend on which worker graded them"
