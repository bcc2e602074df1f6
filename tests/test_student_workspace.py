"""The student's side, through the real make targets in a scratch copy of the repository.

A notebook filled in under work/ survives `make workspace` and `make demo` (which releases course/
as `make release` does, then grades the course's samples through the grading engine);
`make workspace RESET=...` keeps the old notebook beside the fresh one; `make check` gives
the instructor's answers full marks and the untouched workspace 0 with the tests' messages,
and never prints a line of a hidden test. `make demo` and the second `make check` run as on a
laptop without bubblewrap: they grade without the sandbox and say so in one line.
"""

import os
import re
import shutil
import subprocess

import nbformat
import pytest

from autograder.course import LESSONS, REPO, SOLUTIONS
from autograder.submissions import build_submission

LESSON = LESSONS[0]


NO_SANDBOX = "[gancourse] grading without the sandbox, as bwrap (bubblewrap) is not installed: safe here"


def run_make(root, *target, path=None):
    """`make TARGET` in ROOT, as a user types it, with PATH if given; its output (it must succeed)."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("NBGRADER_EXECUTION", "GANCOURSE_QUICK", "GANCOURSE_SANDBOX")}
    env["PATH"] = path or env["PATH"]
    result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", *target], cwd=root, env=env,
                            capture_output=True, text=True, timeout=1800)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"make {' '.join(target)} failed:\n{output[-4000:]}"
    return output


def scores(output):
    """``{lesson: (score, max)}`` from the lines `<lesson>: <score>/<max>` of `make check`."""
    return {match["lesson"]: (float(match["score"]), float(match["max"])) for match in re.finditer(
        rf"^(?P<lesson>{'|'.join(LESSONS)}): (?P<score>[\d.]+)/(?P<max>[\d.]+)$", output, re.MULTILINE)}


def hidden_test_lines():
    """Every line of code between the hidden-test markers of the instructor notebooks."""
    lines = set()
    for lesson in LESSONS:
        for cell in nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4).cells:
            hidden = re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.DOTALL)
            lines |= {line.strip() for block in hidden for line in block.splitlines() if len(line.strip()) >= 20}
    return lines


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A copy of the repository's files (as git sees them), sharing the test run's .venv."""
    root = tmp_path_factory.mktemp("clone")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    return root


def test_filled_in_work_survives_every_target_and_check_gives_full_marks(clone, path_without_bwrap):
    created = run_make(clone, "workspace")
    for lesson in LESSONS:
        assert f"created  work/{lesson}/{lesson}.ipynb" in created, created
    notebooks = {lesson: clone / "work" / lesson / f"{lesson}.ipynb" for lesson in LESSONS}
    for lesson, path in notebooks.items():  # the student answers every exercise as the instructor did
        nbformat.write(build_submission(lesson, release_dir=clone / "course"), path)
    filled = {lesson: path.read_bytes() for lesson, path in notebooks.items()}

    kept = run_make(clone, "workspace")
    assert all(f"kept     work/{lesson}/{lesson}.ipynb" in kept for lesson in LESSONS), kept
    demo = run_make(clone, "demo", path=path_without_bwrap)  # a laptop without the sandbox: the course's own samples
    assert all(f"released course/{lesson}/{lesson}.ipynb" in demo for lesson in LESSONS), demo[:2000]
    assert demo.count(NO_SANDBOX) == 1 and "the course's own sample submissions" in demo, \
        f"make demo should grade without the sandbox and say so once:\n{demo[:2000]}"
    solution_rows = re.findall(r"^solution .*?([\d.]+)/([\d.]+)$", demo, re.MULTILINE)
    assert len(solution_rows) == len(LESSONS) and all(got == out_of for got, out_of in solution_rows), \
        f"make demo should give each lesson's solution full marks:\n{demo[-3000:]}"
    for lesson, path in notebooks.items():
        assert path.read_bytes() == filled[lesson], f"work/{lesson}/{lesson}.ipynb changed under make workspace/demo"

    checked = run_make(clone, "check")
    print(checked)
    got = scores(checked)
    assert set(got) == set(LESSONS) and all(score == out_of > 0 for score, out_of in got.values()), \
        f"make check should give the instructor's answers full marks:\n{checked}"
    for lesson, path in notebooks.items():
        assert path.read_bytes() == filled[lesson], f"make check changed work/{lesson}/{lesson}.ipynb"
        assert (clone / "build" / "check" / "feedback" / f"{lesson}.html").is_file(), "no feedback HTML kept"
    leaked = [line for line in hidden_test_lines() if line in checked]
    assert not leaked, f"make check printed hidden test code: {leaked[:3]}"


def test_reset_keeps_the_old_notebook_and_check_explains_a_blank_one(clone, path_without_bwrap):
    run_make(clone, "workspace")
    mine = clone / "work" / LESSON / f"{LESSON}.ipynb"
    mine.write_text(mine.read_text().replace("# YOUR CODE HERE", "# my own attempt", 1))
    attempt = mine.read_bytes()

    reset = run_make(clone, "workspace", f"RESET={LESSON}")
    aside = [path for path in mine.parent.glob(f"{LESSON}.*.ipynb")]
    assert len(aside) == 1 and aside[0].read_bytes() == attempt, f"the old notebook was not kept aside:\n{reset}"
    assert aside[0].name in reset, f"make workspace RESET=... should say where the old notebook went:\n{reset}"
    assert mine.read_bytes() == (clone / "course" / LESSON / f"{LESSON}.ipynb").read_bytes(), "no fresh copy"

    # a laptop without the sandbox: the check grades the student's own notebook without it, and says so
    checked = run_make(clone, "check", f"NOTEBOOKS=work/{LESSON}/{LESSON}.ipynb", path=path_without_bwrap)
    print(checked)
    assert checked.count(NO_SANDBOX) == 1 and "your own notebooks" in checked, checked
    assert checked.rstrip().splitlines()[-1] == f"{LESSON}: 0/{scores(checked)[LESSON][1]:g}", checked
    assert "still the skeleton" in checked, f"make check should say why the blank tests fail:\n{checked}"
    leaked = [line for line in hidden_test_lines() if line in checked]
    assert not leaked, f"make check printed hidden test code: {leaked[:3]}"
