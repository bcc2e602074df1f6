"""The grading engine: ``python -m autograder grade``, ``grade --course-root``, ``--scheduler`` and ``check``.

Three parts, each a module of this package:

1. **collect** the submissions (``collect.py``): a folder or an LMS zip, each notebook checked;
2. **grade** them through an executor: this machine's workers (``local.py``) or Dask
   (``on_dask.py``), each notebook by ``notebook.py``'s ``grade_safely`` in a course folder of
   the worker's own; ``python -m autograder check`` grades the student's own notebooks with it too;
3. **record** the results (``record.py``): feedback, ``grades.csv``, ``grades.json`` and the
   report; for an nbgrader course root, its gradebook.

Grade a whole class: ``python -m autograder grade SUBMISSIONS``.

SUBMISSIONS is a folder ``<student>/<lesson>/*.ipynb`` or an LMS download: a zip of
notebooks whose file names carry the student id and the lesson, ``<student>_<lesson>.ipynb``
(anything may sit between the two, e.g. ``alice_attempt_2026-11-20_01_dense_gan.ipynb``).

nbgrader does the grading. Around it, this package:

- runs every kernel in a sandbox the operating system enforces (autograder/sandbox.py): a
  student's code cannot read or write the gradebook, ``solutions/``, the other students'
  files or the instructor's home, and has no network. It stops at once, saying how to
  install bubblewrap, where the sandbox cannot start; ``sandbox=False`` (``--no-sandbox``)
  grades without it and says so at the top of the report;
- flags, under "needs a look" in the report, code that changes how later cells run (IPython
  transformers, replaced numpy/TensorFlow/Keras/builtins attributes or test helpers,
  ``sys.modules``: autograder/tricks.py); such a notebook is still graded;
- collects the notebooks, and turns what nbgrader cannot grade (a corrupt or empty file,
  a wrong file name, a missing lesson) into a 0 with a reason instead of a crash;
- grades with N workers. Each worker owns a course folder with its own gradebook and grades
  one ``nbgrader autograde`` at a time, so that no two processes ever write to one SQLite file
  and no grade can reach the wrong student; a free worker takes the next student from one
  queue, so a slow notebook holds up no one behind it;
- caps every notebook: nbgrader's per-cell timeout (grading_config.py), a wall-time cap
  on the whole notebook, a memory limit on the kernel, nbgrader's output limit;
- records a grade for every submission, with the reason where something went wrong: a
  kernel that died keeps the points of the tests before the cell that killed it, a notebook
  that hit its cap gets 0. Whatever else goes wrong while one notebook is graded, that
  notebook gets 0 with the reason and the run goes on. A worker whose course folder a
  notebook damaged (its gradebook or release) is rebuilt, that notebook gets 0 and a flag,
  and the worker's students graded before it are graded again;
- writes feedback HTML without the hidden tests' source, ``grades.csv`` and a summary;
- keeps nbgrader's output for every notebook it could not grade, in ``logs/``.

Every run starts from fresh worker folders and rewrites its outputs, so running it again
on the same submissions gives the same grades and duplicates nothing.
"""

import os
import shutil
import time
from pathlib import Path

from autograder import sandbox as sandboxing
from autograder.course import REPO, SOLUTIONS
from autograder.grading.collect import collect
from autograder.grading.local import grade_here
from autograder.grading.record import record_in_gradebook, write_results
from autograder.grading_config import MEMORY_LIMIT, NOTEBOOK_TIMEOUT

CLASS_DIR = REPO / "build" / "class"


def grade_class(source, out_dir=CLASS_DIR, workers=None, cell_timeout=None, notebook_timeout=NOTEBOOK_TIMEOUT,
                memory_limit=MEMORY_LIMIT, sandbox=None, lessons_dir=SOLUTIONS, scheduler=None):
    """Grade every submission under SOURCE; write feedback, grades.csv and report.txt to OUT_DIR.

    SANDBOX: False grades without the sandbox; None (default) with it unless the environment
    says GANCOURSE_SANDBOX=off. LESSONS_DIR: the lessons' source (instructor) notebooks.
    SCHEDULER: grade on Dask instead of this machine's workers (on_dask.py):
    a scheduler's address, or "local" for a LocalCluster of WORKERS processes."""
    sandbox = sandboxing.wanted(sandbox)  # before anything is written
    out_dir = Path(out_dir).resolve()
    workers = workers or os.cpu_count()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("workers", "feedback", "logs", "unzipped", "repaired"):
        shutil.rmtree(out_dir / stale, ignore_errors=True)
    lessons_dir = Path(lessons_dir).resolve()
    submissions = collect(source, out_dir, sorted(path.name for path in lessons_dir.iterdir() if path.is_dir()))
    if not submissions:
        raise SystemExit(f"{source}: no submissions found (expected <student>/<lesson>/<lesson>.ipynb)")
    limits = {"cell_timeout": cell_timeout, "notebook_timeout": notebook_timeout, "memory_limit": memory_limit}
    start = time.perf_counter()
    if scheduler:
        from autograder.grading.on_dask import grade_on_dask

        results, workers = grade_on_dask(submissions, out_dir, scheduler, workers, limits, sandbox, lessons_dir)
    else:
        results = grade_here(submissions, out_dir, workers, limits, sandbox, lessons_dir)
    results = sorted(results, key=lambda result: (result.student, result.lesson))
    seconds = time.perf_counter() - start
    write_results(results, out_dir, seconds, workers, sandbox)
    return results


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
    record_in_gradebook(root, results, out_dir)
    print(f"grades recorded in {root / 'gradebook.db'}: nbgrader export, the Formgrader, generate_feedback and "
          "release_feedback show them")
    return results
