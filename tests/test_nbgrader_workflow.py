"""nbgrader's own workflow on a course root outside the repository, with the course's protections.

``python -m autograder quickstart`` makes the course root; then the real nbgrader commands, as an
instructor on a JupyterHub runs them with an exchange: generate, release, students fetch and
submit, collect, autograde, export. One Unix user plays everyone: each student submits with
``--student``, which nbgrader takes over the Unix user's name. Then ``python -m autograder grade
--course-root`` grades the same submissions with the class grader and must leave the same
grades in that gradebook.
"""

import copy
import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import REPO
from autograder.quickstart import quickstart
from autograder.submissions import Variant, build_submission
from tests.class_corpus import FULL_MARKS, LESSON
from tests.conftest import needs_sandbox

pytestmark = needs_sandbox  # grading other people's code: the sandbox, or nothing

BOOK = REPO / "tests" / "variants" / LESSON / "correct_book_exact.py"


def run(*command, cwd):
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    env.pop("GANCOURSE_SANDBOX", None)  # the config's default: the sandbox where it can start
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done


def nbgrader(*args, cwd):
    return run(sys.executable, "-m", "nbgrader", *args, cwd=cwd)


def _students(fetched):
    """What each student hands in, from the notebook they fetched."""
    duplicated = build_submission(LESSON, release_dir=fetched)
    position = next(index for index, cell in enumerate(duplicated.cells) if cell.id == "build_generator")
    duplicated.cells.insert(position + 1, copy.deepcopy(duplicated.cells[position]))
    duplicated.cells[position + 1].id = "pasted_again"
    exits = build_submission(LESSON, release_dir=fetched)
    next(cell for cell in exits.cells if cell.id == "build_gan").source += "\nimport os\nos._exit(1)"
    memory = build_submission(LESSON, release_dir=fetched)  # 8 GiB, over the kernel's 6 GiB cap
    next(cell for cell in memory.cells if cell.id == "preprocess_images").source += \
        "\nhoard = [np.empty(2**27) for _ in range(8)]  # 1 GiB of address space a piece"
    slow = build_submission(LESSON, release_dir=fetched)  # graded with a 30 s cap on the whole notebook
    position = next(index for index, cell in enumerate(slow.cells) if cell.id == "preprocess_images")
    for _ in range(3):
        slow.cells.insert(position + 1, nbformat.v4.new_code_cell("import time\ntime.sleep(20)"))
    return {
        "solution": build_submission(LESSON, release_dir=fetched),
        "book": build_submission(LESSON, Variant.from_file(BOOK), release_dir=fetched),
        "blank": None,  # hands the fetched notebook in as it is
        "pasted": duplicated,
        "exits": exits,
        "memory": memory,
        "slow": slow,
    }


def grades(root):
    """``{student: {test: score}}`` from ROOT's gradebook."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {submission.student.id: {grade.name: grade.score for grade in submission.notebooks[0].grades}
                for submission in gradebook.find_assignment(LESSON).submissions}


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    base = tmp_path_factory.mktemp("hub")
    root, exchange = base / "course", base / "exchange"
    run(sys.executable, "-m", "autograder", "quickstart", root, LESSON, "--course-id", "gan-test",
        "--exchange", exchange, cwd=base)
    nbgrader("generate_assignment", LESSON, cwd=root)
    nbgrader("release_assignment", LESSON, cwd=root)
    students = None
    for student in ("solution", "book", "blank", "pasted", "exits", "memory", "slow"):
        home = base / "home" / student
        home.mkdir(parents=True)
        shutil.copyfile(root / "student_nbgrader_config.py", home / "nbgrader_config.py")
        nbgrader("fetch_assignment", LESSON, cwd=home)
        fetched = home / LESSON / f"{LESSON}.ipynb"
        students = students or _students(home)
        if students[student] is not None:
            nbformat.write(students[student], fetched)
        nbgrader("submit", LESSON, f"--student={student}", cwd=home)
    nbgrader("collect", LESSON, cwd=root)
    nbgrader("autograde", LESSON, "--student=slow", "--ExecuteUpToLastTest.notebook_timeout=30", cwd=root)
    autograde = nbgrader("autograde", LESSON, cwd=root)  # the others: nbgrader skips what it graded
    nbgrader("export", cwd=root)
    with open(root / "grades.csv") as handle:
        exported = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    plain = grades(root)
    errors = {student: _errors(root, student) for student in ("exits", "memory", "slow")}
    run(sys.executable, "-m", "autograder", "grade", "--course-root", root, "--workers", "2", cwd=base)
    return root, autograde.stdout + autograde.stderr, exported, plain, grades(root), errors


def test_quickstart_config_has_no_path_into_the_repository(cycle):
    root = cycle[0]
    text = (root / "nbgrader_config.py").read_text()
    assert str(REPO) not in text, "the course root's config should load the protections from the installed package"
    assert sorted(path.name for path in (root / "source").iterdir()) == [LESSON]


def test_nbgraders_own_cycle_grades_with_the_courses_protections(cycle):
    _, log, exported, _, _, _ = cycle
    assert exported["solution"] == FULL_MARKS, f"the instructor's answers should get full marks: {exported}\n{log}"
    assert exported["book"] == FULL_MARKS, \
        f"the book's own code (input_dim=, alpha=) should get full marks: its Keras warnings cost nothing: {exported}"
    assert exported["blank"] == 0, f"the untouched release should score 0: {exported}"
    for noise in ("has changed!", "SAWarning"):  # nobody edited a test cell; nbgrader's gradebook noise
        assert noise not in log, f"autograde should not print {noise!r} for untouched test cells:\n{log}"


def test_a_pasted_cell_and_a_dying_kernel_are_graded_with_a_reason(cycle):
    _, log, exported, plain, _, errors = cycle
    assert exported["pasted"] == FULL_MARKS, f"a copy-pasted answer cell should be repaired, not crash nbgrader: {log}"
    died = plain["exits"]
    assert 0 < exported["exits"] < FULL_MARKS, f"tests before the kernel died keep their points: {died}"
    assert any("kernel died" in error for error in errors["exits"].values()), \
        f"the graded notebook should say the kernel died: {errors['exits']}"


def test_plain_autograde_caps_the_kernels_memory_and_the_whole_notebook(cycle):
    _, _, exported, _, _, errors = cycle
    assert exported["memory"] == FULL_MARKS, f"an 8 GiB grab should fail in its own cell only: {exported}"
    assert "MemoryError" in errors["memory"], f"the kernel should run under the memory cap: {errors['memory']}"
    assert exported["slow"] == 0, f"the tests after the notebook's cap should not run: {exported}"
    assert any("cap for a whole notebook" in error for error in errors["slow"].values()), errors["slow"]


def _errors(root, student):
    """``{ename: evalue}`` of the errors in STUDENT's autograded notebook."""
    graded = nbformat.read(root / "autograded" / student / LESSON / f"{LESSON}.ipynb", as_version=4)
    return {output.ename: output.evalue for cell in graded.cells for output in cell.get("outputs", [])
            if output.output_type == "error"}


def test_grade_course_root_records_the_same_grades_in_that_gradebook(cycle):
    root, _, _, plain, recorded, _ = cycle
    plain, recorded = dict(plain), dict(recorded)
    del plain["slow"], recorded["slow"]  # graded with a shorter cap by hand
    assert recorded == plain, "python -m autograder grade --course-root should record what nbgrader autograde did"
    assert (root / "class_grading" / "grades.csv").is_file() and (root / "class_grading" / "report.txt").is_file()
    nbgrader("generate_feedback", LESSON, cwd=root)
    assert (root / "feedback" / "solution" / LESSON / f"{LESSON}.html").is_file()
    nbgrader("release_feedback", LESSON, cwd=root)  # names each file by the secret the student's submit wrote
    released = list((root.parent / "exchange" / "gan-test" / "feedback").glob("*.html"))
    graded = cycle[4]
    assert len(released) == len(graded), \
        f"release_feedback should put one feedback per graded student in the exchange: {len(released)} for {sorted(graded)}"


def test_loading_the_config_from_another_directory_creates_no_files(tmp_path):
    from jupyter_core.paths import jupyter_runtime_dir

    root = tmp_path / "course"
    quickstart(root, lessons=[LESSON])
    before = set(tmp_path.rglob("*"))
    load = ("import os\n"
            "from traitlets.config.loader import PyFileConfigLoader\n"
            "c = PyFileConfigLoader('nbgrader_config.py', path='.').load_config()\n"
            "print(c.CourseDirectory.course_id, c.ExecuteUpToLastTest.kernel_name, os.getpid())\n")
    loaded = run(sys.executable, "-c", load, cwd=root)
    course_id, kernel, pid = loaded.stdout.split()
    assert (course_id, kernel) == ("gan-course", "gancourse-sandbox"), loaded.stdout + loaded.stderr
    assert set(tmp_path.rglob("*")) == before, f"loading the config wrote: {sorted(set(tmp_path.rglob('*')) - before)}"
    assert not (Path(jupyter_runtime_dir()) / f"nbgrader-{pid}").exists(), "the kernels' socket folder is made when a kernel starts"


def test_a_notebook_the_workers_could_not_grade_is_recorded_as_0_with_its_reason():
    from nbgrader.utils import determine_grade, is_grade

    from autograder.course import COURSE
    from autograder.grading.record import failed_notebook

    recorded = failed_notebook(COURSE / LESSON / f"{LESSON}.ipynb", "not a readable notebook")
    tests = [cell for cell in recorded.cells if is_grade(cell)]
    assert tests and all(determine_grade(cell)[0] == 0 for cell in tests), "nbgrader should score each test 0"
    assert all("not graded: not a readable notebook" in cell.outputs[0].evalue for cell in tests)


def test_zip_collect_reads_an_lms_download_with_the_quickstart_regexp(tmp_path):
    import zipfile

    from autograder.course import COURSE

    root = tmp_path / "course"
    quickstart(root, lessons=[LESSON])
    archive = root / "downloaded" / LESSON / "archive" / "lms_download.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in (f"dora_attempt_2026-11-20-15-00-00_{LESSON}.ipynb", f"ed.mund_{LESSON}.ipynb"):
            zipped.write(COURSE / LESSON / f"{LESSON}.ipynb", f"submissions/{name}")
    nbgrader("zip_collect", LESSON, cwd=root)
    collected = sorted(path.relative_to(root / "submitted").as_posix() for path in (root / "submitted").rglob("*.ipynb"))
    assert collected == [f"{student}/{LESSON}/{LESSON}.ipynb" for student in ("dora", "ed.mund")], collected
