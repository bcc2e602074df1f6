"""``python -m autograder grade --course-root DIR``: the class grader on an nbgrader course root.

DIR is a course root of nbgrader's layout (``python -m autograder quickstart`` makes one):
``source/<lesson>/``, ``submitted/<student>/<lesson>/`` (what ``nbgrader collect`` or
``zip_collect`` put there) and ``gradebook.db``. The class grader grades ``submitted/`` with its
parallel workers, each in a course folder of its own (autograder/class_grading.py), and writes
its report, grades.csv and feedback to ``DIR/class_grading/``. Then the grades go into DIR's
gradebook, the way nbgrader puts them there: ``nbgrader autograde --no-execute`` in DIR, on the
notebooks the workers executed. nbgrader's own steps record them (the grades, the submission's
timestamp and late penalty, ``autograded/``), so the Formgrader, ``nbgrader export``,
``generate_feedback`` and ``release_feedback`` show them. A notebook the workers could not
grade goes in as the lesson's release with every test cell failed by an error that gives the
reason: 0 in the gradebook, and the reason in the student's feedback.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader import utils

from autograder.class_grading import grade_class
from autograder.preprocessors import error_output


def grade_course_root(root, out_dir=None, **options):
    """Grade ROOT's submitted/ with the class grader and record the grades in ROOT's gradebook."""
    root = Path(root).resolve()
    if not (root / "nbgrader_config.py").is_file() or not (root / "source").is_dir():
        raise SystemExit(f"{root}: not an nbgrader course root (it needs nbgrader_config.py and source/; "
                         "python -m autograder quickstart makes one)")
    if not (root / "submitted").is_dir():
        raise SystemExit(f"{root / 'submitted'}: nothing to grade; `nbgrader collect LESSON` or "
                         "`nbgrader zip_collect LESSON` puts the submissions there")
    out_dir = Path(out_dir or root / "class_grading").resolve()
    results = grade_class(root / "submitted", out_dir, lessons_dir=root / "source", **options)
    record(root, results, out_dir)
    print(f"grades recorded in {root / 'gradebook.db'}: nbgrader export, the Formgrader, generate_feedback and "
          "release_feedback show them")
    return results


def record(root, results, out_dir):
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
            nbformat.write(_failed(_worker_file(out_dir, "course", None, result.lesson), result.reason), notebook)
        timestamp = root / "submitted" / result.student / result.lesson / "timestamp.txt"
        if timestamp.is_file():
            shutil.copyfile(timestamp, folder / "timestamp.txt")
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


def _failed(release, reason):
    """The release at RELEASE with every test cell failed by an error that gives REASON."""
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and utils.is_grade(cell):
            cell.outputs = [error_output("NotGraded", f"not graded: {reason}")]
    return notebook
