"""The grading sandbox (autograder/sandbox.py), the flags for tricks (autograder/tricks.py), and a
class graded without the sandbox surviving a student who wrecks its worker's gradebook."""

import csv
import json
import os
import shutil
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
    sandbox.prepare_output(notebook_dir)
    monkeypatch.setenv("INSTRUCTOR_TOKEN", "do not leak")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        command = sandbox.bwrap_command([sys.executable, "-c", PROBE, str(secret), str(listener.getsockname()[1])],
                                        notebook_dir, sockets)
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
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
