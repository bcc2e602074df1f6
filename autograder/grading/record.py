"""The grading engine, part three: record the results.

Feedback HTML is written per notebook as it is graded (autograder/grading/notebook.py:
``with_feedback``). Here: ``grades.csv``, ``grades.json`` and ``report.txt`` (per lesson: mean,
median, full marks, the most failed tests, what could not be graded, and under "needs a look"
the notebooks whose code changes how later cells run, that damaged the grading, or that filled
output/ to its cap); and, for
an nbgrader course root, the grades in its gradebook (``record_in_gradebook``), the way
nbgrader puts them there: ``nbgrader autograde --no-execute`` on the notebooks the workers
executed, so that the Formgrader, ``nbgrader export``, ``generate_feedback`` and
``release_feedback`` show them. A notebook the workers could not grade goes in as the lesson's
release with every test cell failed by an error that gives the reason.
"""

import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
from nbgrader import utils

from autograder.preprocessors import error_output


def write_results(results, out_dir, seconds, workers, sandbox):
    """grades.csv, grades.json and report.txt in OUT_DIR; print the report and where they are."""
    write_csv(results, out_dir / "grades.csv")
    (out_dir / "grades.json").write_text(json.dumps(
        {f"{r.student}/{r.lesson}": {"score": r.score, "max_score": r.max_score, "tests": r.tests,
                                    "reason": r.reason} for r in results}, indent=2, sort_keys=True))
    report = summary(results, seconds, workers)
    if not sandbox:
        report = (f"WARNING: graded without the sandbox (--no-sandbox): students' code ran as user {_user()}, "
                  f"with every file of that user open to it, the gradebooks and solutions/ included.\n\n{report}")
    (out_dir / "report.txt").write_text(report)
    print(report)
    print(f"grades: {out_dir / 'grades.csv'} (per test: grades.json); feedback: {out_dir / 'feedback'}/<student>/<lesson>/")
    if (out_dir / "logs").exists():
        print(f"nbgrader's output for what it could not grade: {out_dir / 'logs'}/<student>/<lesson>.log")


def write_csv(results, path):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "lesson", "score", "max_score", "reason"])
        for result in results:
            writer.writerow([result.student, result.lesson, f"{result.score:g}", f"{result.max_score:g}",
                             result.reason])



def summary(results, seconds, workers):
    """Per lesson: mean, median, full marks, the most failed tests, and what could not be graded."""
    lines = [f"graded {len(results)} notebooks in {seconds:.0f} s with {workers} workers "
             f"({seconds * workers / max(len(results), 1):.1f} s of a worker per notebook)"]
    for lesson in sorted({result.lesson for result in results}):
        rows = [result for result in results if result.lesson == lesson]
        scores = [result.score for result in rows]
        max_score = rows[0].max_score
        failed = Counter(test for result in rows for test, (got, out_of) in result.tests.items() if got < out_of)
        lines += [
            "",
            f"{lesson}: {len(rows)} students, mean {statistics.mean(scores):.1f}/{max_score:g}, "
            f"median {statistics.median(scores):g}, full marks {sum(s == max_score for s in scores)}",
            "  most failed tests: " + (", ".join(f"{test} ({count})" for test, count in failed.most_common(5))
                                       or "none"),
        ]
        lines += [f"  {result.student}: {result.score:g}/{max_score:g}, {result.reason}"
                  for result in rows if result.reason]
    flagged = [result for result in results if result.flags]
    if flagged:
        lines += ["", f"needs a look: {len(flagged)} notebooks whose code changes how later cells run, that "
                      "damaged the grading, or that filled output/ to its cap (graded as they ran; read the "
                      "cells named)"]
        lines += [f"  {result.student}/{result.lesson} ({result.score:g}/{result.max_score:g}): {cell}: {what}"
                  for result in flagged for cell, what in result.flags]
    return "\n".join(lines) + "\n"



def _user():
    import getpass

    return getpass.getuser()


SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")


def record_in_gradebook(root, results, out_dir):
    """Put RESULTS into ROOT's gradebook with ``nbgrader autograde --no-execute``."""
    staging = out_dir / "record"
    shutil.rmtree(staging, ignore_errors=True)
    for result in results:
        folder = staging / result.student / result.lesson
        folder.mkdir(parents=True)
        notebook = folder / f"{result.lesson}.ipynb"
        graded = _worker_file(out_dir, "autograded", result.student, result.lesson) if result.tests else None
        if graded:
            shutil.copyfile(graded, notebook)
        else:
            nbformat.write(failed_notebook(_worker_file(out_dir, "course", None, result.lesson), result.reason), notebook)
        # what nbgrader's submit wrote beside the notebook: the time, and the secret that
        # release_feedback names the student's feedback in the exchange by
        for name in SUBMISSION_FILES:
            written = root / "submitted" / result.student / result.lesson / name
            if written.is_file():
                shutil.copyfile(written, folder / name)
    # --no-execute starts no kernel: nothing to sandbox (the config would stop where it cannot start)
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               GANCOURSE_SANDBOX="off")
    for lesson in sorted({result.lesson for result in results}):
        run = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", lesson, "--force", "--no-execute",
                              f"--CourseDirectory.submitted_directory={staging}"],
                             cwd=root, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"nbgrader could not record {lesson}'s grades in {root / 'gradebook.db'}:\n"
                             f"{run.stdout}{run.stderr}")


def _worker_file(out_dir, kind, student, lesson):
    """A worker's LESSON notebook: a STUDENT's autograded one, or the release (kind "course")."""
    parts = [kind, student, lesson] if student else [kind, lesson]
    return next(out_dir.glob("workers/*/" + "/".join(parts) + f"/{lesson}.ipynb"), None)


def failed_notebook(release, reason):
    """The release at RELEASE with every test cell failed by an error that gives REASON."""
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and utils.is_grade(cell):
            cell.outputs = [error_output("NotGraded", f"not graded: {reason}")]
    return notebook
