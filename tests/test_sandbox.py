"""The grading sandbox (autograder/sandbox.py) and its disk cap, the flags for tricks (autograder/tricks.py),
and a class graded without the sandbox surviving a student who wrecks its worker's gradebook."""

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from autograder import sandbox
from autograder.course import AUTOGRADER_DIR, COURSE, REPO
from autograder.submissions import build_submission
from autograder.tricks import tricks
from tests.conftest import needs_sandbox

LESSON = "01_dense_gan"

PROBE = textwrap.dedent("""
    import json, os, socket, subprocess, sys
    from pathlib import Path

    def can(action):
        try:
            action()
            return True
        except Exception:
            return False

    secret, port = sys.argv[1], int(sys.argv[2])
    print(json.dumps({
        "uid": os.getuid(),
        "capabilities": int(Path("/proc/self/status").read_text().split("CapEff:")[1].split()[0], 16),
        "read notebook": can(lambda: open("lesson.ipynb").read()),
        "write notebook folder": can(lambda: open("new.txt", "w").write("x")),
        "write output": can(lambda: open("output/image.png", "w").write("x")),
        "write tmp": can(lambda: open("/tmp/x", "w").write("x")),
        "write /": can(lambda: open("/x", "w").write("x")),
        "read secret": can(lambda: open(secret).read()),
        "read solutions": can(lambda: os.listdir(%r)),
        "read home": can(lambda: os.listdir(%r)),
        "read data": can(lambda: __import__("gancourse").load_fashion_mnist()),
        "connect": can(lambda: socket.create_connection(("127.0.0.1", port), timeout=3).close()),
        "new user namespace": can(lambda: subprocess.run(["unshare", "--user", "true"], check=True)),
        "processes": len([name for name in os.listdir("/proc") if name.isdigit()]),
        "env": sorted(os.environ),
        "home": os.environ["HOME"],
    }))
""") % (str(REPO / "solutions"), os.path.expanduser("~"))


def test_the_sandbox_starts_here():
    """As root with apt-get, `make test` installs bubblewrap: there the sandbox must start, and nothing is skipped."""
    if sandbox.problem() and not (os.geteuid() == 0 and shutil.which("apt-get")):
        pytest.skip(f"needs the grading sandbox, which cannot start here: {sandbox.problem()}")
    assert sandbox.problem() is None, f"{sandbox.problem()}: {sandbox.HOW_TO_INSTALL}"


@needs_sandbox
def test_a_kernel_reads_and_writes_only_what_a_lesson_needs(tmp_path, monkeypatch):
    notebook_dir, sockets = tmp_path / "autograded" / "ada" / LESSON, tmp_path / "sockets"
    notebook_dir.mkdir(parents=True)
    sockets.mkdir()
    (notebook_dir / "lesson.ipynb").write_text("{}")
    secret = tmp_path / "gradebook.db"
    secret.write_text("grades")
    output = sandbox.open_output(notebook_dir)
    monkeypatch.setenv("INSTRUCTOR_TOKEN", "do not leak")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        command = sandbox.bwrap_command([sys.executable, "-c", PROBE, str(secret), str(listener.getsockname()[1])],
                                        notebook_dir, sockets, output)
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, pass_fds=[output])
    os.close(output)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert (seen["uid"], seen["capabilities"]) == (65534, 0), "the kernel should be nobody, without capabilities"
    allowed = {"read notebook": True, "write output": True, "write tmp": True, "read data": True}
    denied = {name: False for name in ("write notebook folder", "write /", "read secret", "read solutions",
                                       "read home", "connect", "new user namespace")}
    assert {name: seen[name] for name in [*allowed, *denied]} == {**allowed, **denied}
    assert seen["processes"] <= 3, "the kernel should see only its own processes"
    assert "INSTRUCTOR_TOKEN" not in seen["env"] and seen["home"] == "/tmp", "the environment should be cleared"
    assert (notebook_dir / "output" / "image.png").exists() and not (notebook_dir / "new.txt").exists()


def test_a_submissions_link_in_place_of_output_is_not_followed(tmp_path):
    notebook_dir = tmp_path / "notebook"
    notebook_dir.mkdir()
    (notebook_dir / "output").symlink_to(tmp_path)
    output = sandbox.prepare_output(notebook_dir)
    assert output.is_dir() and not output.is_symlink()


def test_where_the_sandbox_cannot_start_grading_stops_and_says_how_to_install_it(tmp_path, monkeypatch):
    from autograder.grading import grade_class

    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-not-installed")
    sandbox.problem.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            grade_class(tmp_path / "submissions", tmp_path / "graded", sandbox=True)
    finally:
        sandbox.problem.cache_clear()
    message = str(stopped.value)
    assert "apt-get install bubblewrap" in message and "--no-sandbox" in message, message
    assert not (tmp_path / "graded").exists(), "nothing should be written before the check"


@pytest.mark.parametrize("setting, sandboxed", [("on", True), ("off", False),
                                               pytest.param("auto", True, marks=needs_sandbox)])
def test_nbgraders_own_autograde_uses_the_sandbox_kernel(monkeypatch, setting, sandboxed):
    monkeypatch.setenv("GANCOURSE_SANDBOX", setting)
    monkeypatch.setenv("JUPYTER_PATH", "")  # the config adds to it; monkeypatch puts it back
    config = PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADER_DIR)).load_config()
    name = config.ExecuteUpToLastTest.get("kernel_name")
    # the course's kernelspec either way: its launcher sets the memory cap, and uses bwrap unless "off"
    assert name == sandbox.KERNEL_NAME, name
    assert os.environ["GANCOURSE_SANDBOX"] == ("on" if sandboxed else "off"), "the launcher reads this"
    assert "kernel_name" not in config.Execute, "validate (the student's own notebook) is not sandboxed"
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)  # found through the JUPYTER_PATH the config set
    assert "sandbox.py" in " ".join(spec.argv)


def test_plain_nbgrader_stops_before_the_first_notebook_where_the_sandbox_cannot_start(tmp_path,
                                                                                      path_without_bwrap):
    """`nbgrader autograde` in a course root made by quickstart, on a machine without bubblewrap: one
    error naming the fix, not a dead kernel per notebook; the config's switch grades without it."""
    from autograder.quickstart import quickstart

    quickstart(tmp_path, lessons=[LESSON])
    submitted = tmp_path / "submitted" / "ada" / LESSON / f"{LESSON}.ipynb"
    submitted.parent.mkdir(parents=True)
    nbformat.write(build_submission(LESSON, release_dir=COURSE), submitted)
    env = {name: value for name, value in os.environ.items() if name != "GANCOURSE_SANDBOX"}
    run = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", LESSON], cwd=tmp_path, text=True,
                         env=dict(env, PATH=path_without_bwrap), capture_output=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode != 0, f"autograde should stop where the sandbox cannot start:\n{output[-2000:]}"
    assert output.count("bwrap (bubblewrap) is not installed") == 1, output[-2000:]
    for fix in ("apt-get install bubblewrap", 'configure(c, sandbox_mode="off")', "GANCOURSE_SANDBOX=off"):
        assert fix in output, f"the error should name the fix {fix!r}:\n{output[-2000:]}"
    assert "Kernel died" not in output and not (tmp_path / "autograded").exists(), output[-2000:]
    assert 'configure(c, sandbox_mode="off")' in (tmp_path / "nbgrader_config.py").read_text(), \
        "the course root's config should show its switch"


def test_a_server_that_loads_the_config_refuses_each_autograde_with_the_fix(monkeypatch):
    """The Formgrader (in JupyterLab, where the config cannot stop the server): each autograde
    stops before its kernel starts, with the same message."""
    from autograder.preprocessors import ExecuteUpToLastTest

    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-not-installed")
    monkeypatch.setenv("GANCOURSE_SANDBOX", "on")
    monkeypatch.setenv("JUPYTER_PATH", "")
    sandbox.problem.cache_clear()
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADER_DIR)).load_config()
    finally:
        sandbox.problem.cache_clear()
    with pytest.raises(RuntimeError, match="apt-get install bubblewrap.*sandbox_mode=\"off\""):
        ExecuteUpToLastTest(config=config).preprocess(nbformat.v4.new_notebook(), {})


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])


def test_tricks_are_named_with_their_cell():
    notebook = _notebook(
        "ip = get_ipython()\nip.input_transformers_cleanup.append(lambda lines: lines)",
        "get_ipython().ast_transformers.append(object())",
        "import numpy as np\nnp.testing.assert_allclose = lambda *args, **kwargs: None",
        "from tensorflow.keras.layers import Dense\nDense.count_params = lambda self: 5",
        "import sys\nsys.modules['gancourse'] = None",
        "import builtins\nsetattr(builtins, 'isinstance', lambda *args: True)",
        "import gancourse\ngancourse.steps = lambda *args: 0",
        "exec('x = 1')",
    )
    assert [cell for cell, _ in tricks(notebook)] == [f"cell {number}" for number in range(1, 9)]
    what = " ".join(what for _, what in tricks(notebook))
    for words in ("input transformer", "AST transformer", "numpy", "tensorflow", "sys.modules", "builtins",
                  "gancourse", "exec"):
        assert words in what, f"{words!r} not in {what}"


def test_the_lessons_own_code_is_not_flagged():
    from autograder.course import LESSONS
    from autograder.submissions import load_variants

    for lesson in LESSONS:
        assert tricks(nbformat.read(REPO / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)) == []
        for variant in load_variants(REPO / "tests" / "variants" / lesson):
            assert tricks(build_submission(lesson, variant)) == [], f"{lesson}/{variant.name} flagged"


WRECK = """
from pathlib import Path as _Path
for _folder in [_Path.cwd(), *_Path.cwd().parents]:
    if (_folder / "gradebook.db").exists():
        open(_folder / "gradebook.db", "r+b").truncate(0)
        break
"""


def test_without_the_sandbox_a_wrecked_worker_is_rebuilt_and_its_students_regraded(tmp_path):
    """--no-sandbox, one worker: the student graded second empties the worker's gradebook
    (the failure the issue reported: no grades.csv for anyone). The wrecker gets 0 and a flag, the
    student before it is graded again, the one after it is graded, and the run's outputs are there."""
    from autograder.grading import grade_class

    wrecker = build_submission(LESSON, release_dir=COURSE)
    answer = next(cell for cell in wrecker.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source = WRECK + "\n" + answer.source
    notebooks = {"ada": build_submission(LESSON, release_dir=COURSE), "bob": wrecker,
                 "cyd": nbformat.read(COURSE / LESSON / f"{LESSON}.ipynb", as_version=4)}
    for student, notebook in notebooks.items():
        target = tmp_path / "submissions" / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(notebook, target)
    grade_class(tmp_path / "submissions", tmp_path / "graded", workers=1, cell_timeout=30, notebook_timeout=150,
                sandbox=False)
    with open(tmp_path / "graded" / "grades.csv") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {student: float(row["score"]) for student, row in rows.items()} == {"ada": 17, "bob": 0, "cyd": 0}
    assert "damaged the grader's course folder" in rows["bob"]["reason"], rows["bob"]
    report = (tmp_path / "graded" / "report.txt").read_text()
    assert report.startswith("WARNING: graded without the sandbox"), report
    assert f"bob/{LESSON} (0/17)" in report[report.index("needs a look:"):], report
    assert (tmp_path / "graded" / "feedback" / "ada" / LESSON / f"{LESSON}.html").exists()
    assert json.loads((tmp_path / "graded" / "grades.json").read_text()).keys() == {
        f"{student}/{LESSON}" for student in notebooks}


FILL = """
import os, sys
def write(name, mib):
    try:
        with open(os.path.join("output", name), "wb") as handle:
            handle.write(bytes(mib * 2 ** 20))
        print(name, "written", flush=True)
    except OSError as error:
        print(name, "stopped:", error, flush=True)
"""


def _sandboxed(tmp_path, code, limit):
    """A command running CODE in the sandbox of a notebook folder under TMP_PATH, output/ capped at LIMIT
    bytes; the folder, and the open output/ the command needs (the caller closes it)."""
    notebook_dir, sockets = tmp_path / "notebook", tmp_path / "sockets"
    notebook_dir.mkdir()
    sockets.mkdir()
    output = sandbox.open_output(notebook_dir)
    return sandbox.bwrap_command([sys.executable, "-c", code], notebook_dir, sockets, output,
                                 output_limit=limit), notebook_dir, output


@needs_sandbox
def test_output_is_capped_as_a_whole_and_on_disk_when_the_kernel_ends(tmp_path):
    """Inside, output/ holds what the folder held; a write past the cap fails there with the OS's
    error; what it holds when the kernel ends is on disk, at most the cap; the open folder the
    keeper copies it to is out of the kernel's reach."""
    code = FILL + textwrap.dedent("""
        print("given:", open("output/given.txt").read())
        write("first.bin", 6)
        write("second.bin", 6)
        for fd in range(3, 10):  # the keeper's open output/ folder, through its /proc
            try:
                os.listdir(f"/proc/1/fd/{fd}")
                print("reached the keeper's folder", fd)
            except OSError:
                pass
    """)
    command, notebook_dir, output = _sandboxed(tmp_path, code, 8 * 2 ** 20)
    (notebook_dir / "output" / "given.txt").write_text("from the submission")
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, pass_fds=[output])
    finally:
        os.close(output)
    assert run.returncode == 0, run.stderr
    assert "given: from the submission" in run.stdout, f"output/ should hold what the folder held: {run.stdout}"
    assert "first.bin written" in run.stdout, f"a write under the cap should work: {run.stdout}"
    assert "second.bin stopped: [Errno 28] No space left on device" in run.stdout, f"past the cap: {run.stdout}"
    assert "reached" not in run.stdout, f"the kernel reached the real output/ folder: {run.stdout}"
    kept = {path.name: path.stat().st_size for path in (notebook_dir / "output").iterdir()}
    assert kept["first.bin"] == 6 * 2 ** 20 and "given.txt" in kept, f"output/ should be on disk: {kept}"
    assert sum(kept.values()) <= 8 * 2 ** 20, f"more than the cap reached the disk: {kept}"


@needs_sandbox
def test_at_sigterm_the_keeper_ends_the_kernel_and_keeps_its_output(tmp_path):
    """The shutdown of a grading kernel (GradingKernelManager): SIGTERM to its process group. bwrap
    outlives it, the kernel does not, and output/ is on disk when bwrap ends."""
    code = FILL + "write('grid.png', 1)\nimport time\ntime.sleep(300)"
    command, notebook_dir, output = _sandboxed(tmp_path, code, 8 * 2 ** 20)
    try:
        kernel = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, pass_fds=[output], start_new_session=True)
    finally:
        os.close(output)
    assert "grid.png written" in kernel.stdout.readline(), "the command should have written its file"
    os.killpg(kernel.pid, signal.SIGTERM)
    kernel.communicate(timeout=60)
    assert (notebook_dir / "output" / "grid.png").stat().st_size == 2 ** 20, "output/ should be on disk after SIGTERM"


@pytest.mark.parametrize("setting", [pytest.param("on", marks=needs_sandbox), "off"])
def test_a_grading_kernel_writes_no_more_than_the_cap(tmp_path, monkeypatch, setting):
    """Through the course's config and kernelspec, the way autograde runs a notebook: in the sandbox
    output/ as a whole is capped, without it each file; a write past the cap fails with the OS's
    error and the cell says the cap; what output/ holds is on disk after the kernel's shutdown."""
    from traitlets.config import Config

    from autograder.grading_config import configure
    from autograder.preprocessors import ExecuteUpToLastTest, disk_cap_note

    for name in ("GANCOURSE_SANDBOX", "JUPYTER_PATH", "PYTHONWARNINGS", sandbox.OUTPUT_ENV, "GANCOURSE_KERNEL_MEMORY"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # configure and preprocess set them; put back after
    limit = 8 * 2 ** 20
    config = configure(Config(), sandbox_mode=setting)
    config.ExecuteUpToLastTest.output_limit = limit
    (tmp_path / "output").mkdir()
    notebook = _notebook(FILL, "write('first.bin', 6)\nwrite('second.bin', 6)", "write('huge.bin', 12)")
    notebook.cells[-1].metadata["nbgrader"] = {"grade": True, "grade_id": "last", "points": 1, "solution": False,
                                               "locked": True}
    notebook, _ = ExecuteUpToLastTest(config=config).preprocess(notebook, {"metadata": {"path": str(tmp_path)}})
    shown = ["".join(output.get("text", "") for output in cell.outputs) for cell in notebook.cells]
    assert "huge.bin stopped: [Errno" in shown[2], f"one file past the cap should fail: {shown[2]}"
    assert shown[2].endswith(disk_cap_note(limit)), f"the cell should say the cap: {shown[2]}"
    kept = {path.name: path.stat().st_size for path in (tmp_path / "output").iterdir()}
    if setting == "on":
        assert "second.bin stopped: [Errno 28] No space left on device" in shown[1], f"past output/'s cap: {shown[1]}"
        assert shown[1].endswith(disk_cap_note(limit)), f"the cell should say the cap: {shown[1]}"
        assert kept["first.bin"] == 6 * 2 ** 20 and sum(kept.values()) <= limit, f"output/ on disk: {kept}"
    else:
        assert "second.bin written" in shown[1], f"without the sandbox only each file is capped: {shown[1]}"
        assert "huge.bin stopped: [Errno 27] File too large" in shown[2], f"RLIMIT_FSIZE should stop it: {shown[2]}"
        assert kept["huge.bin"] <= limit, f"a file past the cap reached the disk: {kept}"
