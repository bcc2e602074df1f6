"""``python -m autograder grade``: a whole class, misbehaving notebooks included, through real nbgrader."""

import csv
import html
import json
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest

from autograder.course import COURSE, REPO
from tests.class_corpus import LESSON, build_class, well_behaved

CELL_TIMEOUT = 30      # seconds; shorter than the course's 60, to keep CI short
NOTEBOOK_TIMEOUT = 150  # a correct lesson-01 notebook takes about 30 s under grading


def grade(submissions, out, workers, *options):
    process = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", f"--submissions={submissions}", f"--out={out}",
         f"--workers={workers}", f"--cell-timeout={CELL_TIMEOUT}", f"--notebook-timeout={NOTEBOOK_TIMEOUT}",
         *options],
        cwd=REPO, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.returncode == 0, process.stdout
    with open(out / "grades.csv") as handle:
        rows = {(row["student"], row["lesson"]): row for row in csv.DictReader(handle)}
    return rows, process.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    expected = build_class(folder / "submissions", COURSE, CELL_TIMEOUT, NOTEBOOK_TIMEOUT)
    rows, output = grade(folder / "submissions", folder / "graded", 2)
    return folder, expected, rows, output


def test_every_submission_gets_a_grade_and_a_reason(corpus):
    _, expected, rows, _ = corpus
    assert sorted(student for student, _ in rows) == sorted(expected), "a submission vanished"
    for student, (score, reason) in expected.items():
        row = rows[student, LESSON]
        assert float(row["score"]) == score, f"{student}: {row}"
        assert reason in row["reason"], f"{student}: the reason should mention {reason!r}: {row}"


def test_nbgrader_output_is_kept_for_what_it_could_not_grade(corpus):
    folder, _, _, output = corpus
    logs = folder / "graded" / "logs"
    kept = sorted(path.relative_to(logs).as_posix() for path in logs.rglob("*.log"))
    assert kept == [f"{student}/{LESSON}.log" for student in ("kernel_exits", "slow_notebook")], \
        f"a log for each notebook nbgrader could not grade, and only for those: {kept}"
    died = (logs / "kernel_exits" / f"{LESSON}.log").read_text()
    assert "DeadKernelError" in died or "Kernel died" in died, "the log should show that the kernel died"
    assert str(logs) in output, "the report should say where the logs are"


def test_summary_names_the_class_struggles(corpus):
    _, _, _, output = corpus
    assert f"{LESSON}: 15 students" in output
    assert "most failed tests: " in output and "test_build_generator" in output


def test_feedback_shows_failures_but_never_hidden_tests(corpus):
    folder, _, _, _ = corpus
    released = "\n".join(cell.source for cell in nbformat.read(COURSE / LESSON / f"{LESSON}.ipynb", 4).cells)
    # code that only the hidden tests contain
    hidden = [line for cell in nbformat.read(REPO / "solutions" / LESSON / f"{LESSON}.ipynb", 4).cells
              for line in _hidden_lines(cell.source) if len(line.strip()) > 20 and line.strip() not in released]
    assert len(hidden) > 50, "lesson 01 should have hidden tests"
    for student in ("ada", "charles"):
        text = _text(folder / "graded" / "feedback" / student / LESSON / f"{LESSON}.html")
        leaked = [line.strip() for line in hidden if line.strip() in text]
        assert not leaked, f"{student}'s feedback shows hidden test code: {leaked[:2]}"
    charles = _text(folder / "graded" / "feedback" / "charles" / LESSON / f"{LESSON}.html")
    assert "AssertionError: Generator outputs should reach both signs" in charles and "use tanh" in charles, \
        "the feedback should show the failed hidden test's message"


def test_cells_after_the_last_test_do_not_run(corpus):
    from autograder.execute import NOT_RUN, last_graded_index

    folder, _, _, _ = corpus
    cells = nbformat.read(COURSE / LESSON / f"{LESSON}.ipynb", 4).cells
    after = [cell for cell in cells[last_graded_index(cells) + 1:] if cell.cell_type == "code" and cell.source.strip()]
    assert after, "lesson 01 should train after its last test"
    text = _text(folder / "graded" / "feedback" / "ada" / LESSON / f"{LESSON}.html")
    assert text.count(NOT_RUN.strip()) == len(after), "each cell after the last test should say it did not run"
    assert not re.search(r"last step: D loss \d", text), "the training cell ran under grading"


def _text(html_file):
    """What a browser shows of an HTML file: no tags, no entities."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text()))


def _hidden_lines(source):
    inside = False
    for line in source.splitlines():
        if "### END HIDDEN TESTS" in line:
            inside = False
        if inside:
            yield line
        if "### BEGIN HIDDEN TESTS" in line:
            inside = True


def test_serial_and_parallel_grading_agree_and_rerun_duplicates_nothing(tmp_path):
    """The same class as a folder graded by 2 workers, and as an LMS zip graded by 1."""
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for student, notebook in well_behaved(COURSE).items():
            target = tmp_path / "submissions" / student / LESSON / f"{LESSON}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(notebook, target)
            zipped.write(target, f"{student}_attempt_2026-11-20_{LESSON}.ipynb")
        zipped.writestr("readme.txt", "not a notebook")
    parallel, _ = grade(tmp_path / "submissions", tmp_path / "parallel", 2)
    serial, _ = grade(archive, tmp_path / "serial", 1)
    assert {student: float(row["score"]) for (student, _), row in parallel.items()} == \
        {"ada": 17, "blaise": 0, "charles": 12}
    assert parallel == serial
    assert per_test(tmp_path / "parallel") == per_test(tmp_path / "serial"), "a test cell's score differs"
    again, _ = grade(tmp_path / "submissions", tmp_path / "parallel", 2)
    assert again == parallel, "grading the same submissions again changed the grades"
    feedback_dir = tmp_path / "parallel" / "feedback"
    feedback = sorted(path.relative_to(feedback_dir) for path in feedback_dir.rglob("*.html"))
    assert len(feedback) == 3, f"one feedback file per student expected, found {feedback}"


def per_test(out):
    return json.loads((out / "grades.json").read_text())


def test_a_notebook_whose_feedback_fails_keeps_its_grade(tmp_path):
    """nbgrader cannot render one student's feedback: that student keeps the grade, with a note and
    nbgrader's output in logs/, and the other student still gets feedback."""
    from autograder.class_grading import Submission, grade_one, with_feedback
    from autograder.course import Course

    course, out = Course(tmp_path / "course"), tmp_path / "graded"
    course.release(LESSON)
    blank = COURSE / LESSON / f"{LESSON}.ipynb"
    limits = {"cell_timeout": CELL_TIMEOUT, "notebook_timeout": NOTEBOOK_TIMEOUT, "memory_limit": None}
    graded = [grade_one(course, Submission(student, LESSON, blank), out, **limits) for student in ("ada", "blaise")]
    assert all(result.tests for result in graded), f"both blank notebooks should be graded: {graded}"
    (course.root / "autograded" / "blaise" / LESSON / f"{LESSON}.ipynb").write_text('{"cells": [')  # unreadable
    ada, blaise = with_feedback(course, graded, out)
    assert (out / "feedback" / "ada" / LESSON / f"{LESSON}.html").exists(), "ada's feedback is missing"
    assert not (out / "feedback" / "blaise").exists()
    assert (blaise.score, blaise.tests) == (graded[1].score, graded[1].tests), "a failed feedback changed the grade"
    assert "no feedback" in blaise.reason and "no feedback" not in ada.reason, (ada.reason, blaise.reason)
    assert "blaise" in (out / "logs" / "blaise" / f"{LESSON}.log").read_text(), "the log should show nbgrader's error"
