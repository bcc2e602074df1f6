"""``python -m autograder grade``: a whole class, misbehaving notebooks included, through real nbgrader."""

import csv
import hashlib
import html
import json
import re
import socket
import subprocess
import sys
import zipfile

import nbformat
import pytest

from pathlib import Path

from autograder.course import COURSE, REPO
from tests.class_corpus import ATTACKERS, LESSON, OUTCOME, SLOW, Attack, build_class, well_behaved
from tests.conftest import needs_sandbox

pytestmark = needs_sandbox  # grading other people's code: the sandbox, or nothing

CELL_TIMEOUT = 30      # seconds; shorter than the course's 60, to keep CI short
NOTEBOOK_TIMEOUT = 150  # a correct lesson-01 notebook takes 10 to 30 s under grading
# The class's run folder but for disk_filler's output/: its notebooks, graded copies, feedback and gradebooks
# (18 MB measured: 85 MB in all, 67 MB of it the filler's output/)
RUN_BYTES = 64 * 2 ** 20


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


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The class with the attacking students, graded by 3 workers; a listener on 127.0.0.1 for
    the one that calls out, and fingerprints of the files they aim at."""
    folder = tmp_path_factory.mktemp("class")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        attack = Attack(folder / "graded", folder / "submissions", listener.getsockname()[1])
        expected = build_class(folder / "submissions", COURSE, CELL_TIMEOUT, NOTEBOOK_TIMEOUT, attack=attack)
        solution = REPO / "solutions" / LESSON / f"{LESSON}.ipynb"
        before = {solution: _digest(solution), **{path: _digest(path) for path in (folder / "submissions").rglob("*.ipynb")}}
        # 3 workers on 2 cores: while one sleeps to SLOW's cap, two keep both cores busy
        rows, output = grade(folder / "submissions", folder / "graded", 3)
        listener.setblocking(False)
        try:
            listener.accept()[0].close()
            called = True
        except BlockingIOError:
            called = False
    return folder, expected, rows, output, {"before": before, "called": called}


@pytest.fixture(scope="module")
def well_behaved_class(tmp_path_factory):
    """The class's three well-behaved students alone (full marks, the blank, a partly wrong answer),
    as a folder graded by 2 workers, and as an LMS zip: ``(folder, zip, graded rows)``."""
    folder = tmp_path_factory.mktemp("well_behaved")
    archive = folder / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for student, notebook in well_behaved(COURSE).items():
            target = folder / "submissions" / student / LESSON / f"{LESSON}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(notebook, target)
            zipped.write(target, f"{student}_attempt_2026-11-20_{LESSON}.ipynb")
        zipped.writestr("readme.txt", "not a notebook")
    rows, _ = grade(folder / "submissions", folder / "parallel", 2)
    return folder, archive, rows


def test_every_submission_gets_a_grade_and_a_reason(corpus):
    _, expected, rows, _, _ = corpus
    assert sorted(student for student, _ in rows) == sorted(expected), "a submission vanished"
    for student, (score, reason) in expected.items():
        row = rows[student, LESSON]
        assert float(row["score"]) == score, f"{student}: {row}"
        assert reason in row["reason"], f"{student}: the reason should mention {reason!r}: {row}"


def test_nbgrader_output_is_kept_for_what_it_could_not_grade(corpus):
    folder, _, _, output, _ = corpus
    logs = folder / "graded" / "logs"
    kept = sorted(path.relative_to(logs).as_posix() for path in logs.rglob("*.log"))
    assert kept == [f"{SLOW}/{LESSON}.log"], \
        f"a log for each notebook nbgrader could not grade (a dying kernel is graded), and only for those: {kept}"
    assert str(logs) in output, "the report should say where the logs are"


def test_summary_names_the_class_struggles(corpus):
    _, expected, _, output, _ = corpus
    assert f"{LESSON}: {len(expected)} students" in output
    assert "most failed tests: " in output and "test_build_generator" in output


def test_each_attack_is_denied(corpus):
    """Each attacking student's attempts, as its kernel saw them: every one denied by the sandbox,
    writing to its output/ and /tmp allowed; and, from outside, nothing they aimed at changed."""
    folder, _, _, _, seen = corpus
    attempts = {}
    for student in ATTACKERS:
        if student == "transformer":
            continue
        text = _text(folder / "graded" / "feedback" / student / LESSON / f"{LESSON}.html")
        attempts[student] = {match["target"]: match["outcome"] for match in re.finditer(OUTCOME, text)}
        assert attempts[student], f"{student}: no attempt printed its outcome in the feedback"
    for tried in attempts.values():
        for target, outcome in list(tried.items()):
            # /tmp inside is the kernel's private scratch: a write there reaches nothing outside (checked below)
            if outcome == "SUCCEEDED" and target.startswith("write:/tmp/"):
                assert not Path(target.removeprefix("write:")).exists(), f"{target} reached the machine's /tmp"
                tried[target] = "denied"
    outcomes = {outcome for tried in attempts.values() for outcome in tried.values()}
    succeeded = [f"{student} {target}" for student, tried in attempts.items()
                 for target, outcome in tried.items() if outcome in ("SUCCEEDED", "refused")]
    assert not succeeded, f"the sandbox let these through (or refused the scratch): {succeeded}"
    assert outcomes == {"denied", "allowed"}, outcomes
    assert sum(target.startswith("truncate:") for target in attempts["gradebook_wrecker"]) >= 2, \
        "the wrecker should have tried the workers' gradebooks"
    assert {"write:output", "write:tmp"} <= set(attempts["outside_writer"]), "the scratch should be writable"
    assert not seen["called"], "a kernel reached a listener on the grading machine's 127.0.0.1"
    for path, digest in seen["before"].items():
        assert _digest(path) == digest, f"{path} changed while grading"
    for index in range(3):
        assert (folder / "graded" / "workers" / f"worker{index}" / "gradebook.db").stat().st_size > 0
    escaped = [path for path in [folder / "graded" / "escaped.txt", folder / "submissions" / "escaped.txt",
                                 Path.home() / "escaped.txt"] if path.exists()]
    escaped += list((folder / "graded" / "workers").rglob("escaped.txt"))
    assert not escaped, f"written from inside a kernel: {escaped}"


def test_tricks_are_flagged_and_still_graded(corpus):
    folder, _, rows, _, _ = corpus
    report = (folder / "graded" / "report.txt").read_text()
    assert "needs a look" in report, report
    flagged = report[report.index("needs a look:"):]
    assert f"transformer/{LESSON} (17/17): cell preprocess_images: registers an IPython input transformer" \
        in flagged, flagged
    others = [student for student, _ in rows
              if student not in ("transformer", "disk_filler") and f"{student}/{LESSON}" in flagged]
    assert not others, f"flagged without a trick: {others}"


def test_a_notebook_that_fills_output_stops_at_the_cap_and_is_flagged(corpus):
    """disk_filler writes 64 MiB at a time to output/ until a write fails: it fails at the cap with
    the OS's error and a line that says the cap, the notebook keeps its grade (the expected results),
    it is under "needs a look", and the whole run's folder stays under the cap plus RUN_BYTES."""
    from autograder.preprocessors import disk_cap_note
    from autograder.sandbox import OUTPUT_LIMIT

    folder, _, _, _, _ = corpus
    graded = folder / "graded"
    text = _text(graded / "feedback" / "disk_filler" / LESSON / f"{LESSON}.html")
    assert re.search(r"FILLER stopped: \[Errno (28\] No space left on device|27\] File too large)", text), \
        "the filler's write should fail with the OS's error, printed in its feedback"
    assert disk_cap_note(OUTPUT_LIMIT).strip() in text, "the feedback should say output/'s cap"
    report = (graded / "report.txt").read_text()
    assert f"disk_filler/{LESSON} (17/17): output/: filled to its cap" in report[report.index("needs a look:"):], \
        "the filler should be under 'needs a look'"
    kept = sum(path.stat().st_size for path in (graded / "workers").glob(f"*/autograded/disk_filler/{LESSON}/output/*"))
    assert OUTPUT_LIMIT - 2 ** 20 <= kept <= OUTPUT_LIMIT, f"its output/ should be kept up to the cap: {kept} bytes"
    used = sum(path.stat().st_size for path in graded.rglob("*") if path.is_file())
    assert used <= OUTPUT_LIMIT + RUN_BYTES, f"the run's folder holds {used / 2 ** 20:.0f} MiB: more than one cap"


def test_other_students_grades_are_those_of_a_run_without_the_attackers(corpus, well_behaved_class):
    """Every other student's total is checked above; here the well-behaved students' grades, test by
    test, against a run of them alone."""
    folder, expected, rows, _, _ = corpus
    graded = per_test(folder / "graded")
    alone = per_test(well_behaved_class[0] / "parallel")
    assert {key: (graded[key]["score"], graded[key]["tests"]) for key in alone} == \
        {key: (value["score"], value["tests"]) for key, value in alone.items()}, \
        "the attackers changed another student's grade"
    outputs = [folder / "graded" / name for name in ("grades.csv", "grades.json", "report.txt")]
    assert all(path.stat().st_size for path in outputs), "an output of the run is missing or empty"
    assert len(rows) == len(expected) == len(graded)
    with_tests = sorted(key.split("/")[0] for key, value in graded.items() if value["tests"])
    feedback = sorted(path.parent.parent.name for path in (folder / "graded" / "feedback").rglob("*.html"))
    assert feedback == with_tests, "every graded notebook should have its feedback"


def test_feedback_shows_failures_but_never_hidden_tests(corpus):
    folder, _, _, _, _ = corpus
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
    assert "AssertionError: G's pixels should reach both ends of [-1, 1]" in charles and "tanh" in charles, \
        "the feedback should show the failed hidden test's message"


def test_cells_after_the_last_test_do_not_run(corpus):
    from autograder.preprocessors import NOT_RUN, last_graded_index

    folder, _, _, _, _ = corpus
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


def test_serial_and_parallel_grading_agree_and_rerun_duplicates_nothing(well_behaved_class):
    """The same class as a folder graded by 2 workers, and as an LMS zip graded by 1."""
    folder, archive, parallel = well_behaved_class
    serial, _ = grade(archive, folder / "serial", 1)
    assert {student: float(row["score"]) for (student, _), row in parallel.items()} == \
        {"ada": 17, "blaise": 0, "charles": 12}
    assert parallel == serial
    assert per_test(folder / "parallel") == per_test(folder / "serial"), "a test cell's score differs"
    again, _ = grade(folder / "submissions", folder / "parallel", 2)
    assert again == parallel, "grading the same submissions again changed the grades"
    feedback_dir = folder / "parallel" / "feedback"
    feedback = sorted(path.relative_to(feedback_dir) for path in feedback_dir.rglob("*.html"))
    assert len(feedback) == 3, f"one feedback file per student expected, found {feedback}"


def per_test(out):
    return json.loads((out / "grades.json").read_text())


def test_a_notebook_whose_feedback_fails_keeps_its_grade(tmp_path):
    """nbgrader cannot render one student's feedback: that student keeps the grade, with a note and
    nbgrader's output in logs/, and the other student still gets feedback."""
    from autograder.grading.collect import Submission
    from autograder.grading.notebook import grade_one, with_feedback
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
