"""A class of lesson-01 submissions, well-behaved and misbehaving, as an LMS would hand it over.

``build_class(folder, ...)`` writes ``<student>/01_dense_gan/...`` and returns what each
student must get: ``{student: (expected score or None for "less than full marks",
words the reason must contain)}``.
"""

import copy
import math
from pathlib import Path

import nbformat

from autograder.course import REPO
from autograder.submissions import Variant, build_submission

LESSON = "01_dense_gan"
FULL_MARKS = 17
PARTLY_WRONG = REPO / "autograder" / "samples" / LESSON / "partly_wrong.py"
TAMPERED = REPO / "tests" / "variants" / LESSON / "tampered_test_cell_deleted.py"
TAGGED = REPO / "tests" / "variants" / LESSON / "tampered_test_cell_tagged_skip.py"


def _with_cell_appended(cell_id, code):
    """The solution, with CODE run at the end of answer cell CELL_ID."""
    notebook = build_submission(LESSON)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == cell_id:
            cell.source += "\n" + code
    return notebook


def well_behaved(release_dir):
    """The solution, the blank release, and the partly wrong sample."""
    return {
        "ada": build_submission(LESSON, release_dir=release_dir),
        "blaise": nbformat.read(Path(release_dir) / LESSON / f"{LESSON}.ipynb", as_version=4),
        "charles": build_submission(LESSON, Variant.from_file(PARTLY_WRONG), release_dir=release_dir),
    }


def build_class(folder, release_dir, cell_timeout, notebook_timeout):
    """Write the class into FOLDER; return the expected results."""
    folder = Path(folder)
    notebooks = well_behaved(release_dir)
    duplicated = build_submission(LESSON, release_dir=release_dir)
    position = next(index for index, cell in enumerate(duplicated.cells) if cell.id == "build_generator")
    pasted = copy.deepcopy(duplicated.cells[position])
    pasted.id = "build_generator_copy"
    duplicated.cells.insert(position + 1, pasted)
    notebooks.update({
        # defined, then loops forever: the cell is stopped and the student keeps the points
        "endless_cell": _with_cell_appended("preprocess_images", "while True:\n    pass"),
        # every cell stays under the cell timeout, the notebook does not stay under its cap
        "slow_notebook": _slow_notebook(cell_timeout, notebook_timeout),
        "kernel_exits": _with_cell_appended("build_gan", "import os\nos._exit(1)"),
        "huge_output": _with_cell_appended("preprocess_images", "for line in range(200_000):\n    print(line)"),
        "memory_grab": _with_cell_appended(
            "preprocess_images", "hoard = [np.ones(2**27) for _ in range(200)]  # 1 GiB a piece"),
        "deleted_test": build_submission(LESSON, Variant.from_file(TAMPERED), release_dir=release_dir),
        "duplicated_cell": duplicated,
        "tagged_test": build_submission(LESSON, Variant.from_file(TAGGED), release_dir=release_dir),
    })
    for student, notebook in notebooks.items():
        target = folder / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
    broken = {
        "corrupt_json": (f"{LESSON}.ipynb", '{"cells": [ {"cell_type": "code", '),
        "empty_file": (f"{LESSON}.ipynb", ""),
        "renamed": ("my homework (1).ipynb", None),
        "two_notebooks": ("draft.ipynb", None),
    }
    for student, (name, text) in broken.items():
        target = folder / student / LESSON / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            nbformat.write(build_submission(LESSON, release_dir=release_dir), target)
        else:
            target.write_text(text)
    nbformat.write(build_submission(LESSON, release_dir=release_dir),
                   folder / "two_notebooks" / LESSON / "final.ipynb")
    return {
        "ada": (FULL_MARKS, ""),
        "blaise": (0, ""),
        "charles": (12, ""),
        "endless_cell": (FULL_MARKS, "timeout"),
        "slow_notebook": (0, "cap"),
        "kernel_exits": (0, "kernel died"),
        "huge_output": (FULL_MARKS, "output capped"),
        "memory_grab": (FULL_MARKS, "out of memory"),
        "deleted_test": (14, "restored"),  # restored, and it catches the wrong generator
        "duplicated_cell": (FULL_MARKS, "duplicated"),
        "tagged_test": (14, "skip-execution"),  # it runs and catches the wrong generator: 17 if skipped
        "corrupt_json": (0, "not a readable notebook"),
        "empty_file": (0, "empty file"),
        "renamed": (FULL_MARKS, "graded my homework (1).ipynb"),
        "two_notebooks": (0, "expected 01_dense_gan.ipynb"),
    }


def _slow_notebook(cell_timeout, notebook_timeout):
    """The solution, with cells that each sleep under the cell timeout and together well over the cap.

    The sleeps alone exceed the cap, so the result does not depend on how fast grading is.
    """
    notebook = build_submission(LESSON)
    nap = round(cell_timeout * 0.9)
    naps = math.ceil(notebook_timeout * 1.5 / nap)
    last_answer = max(index for index, cell in enumerate(notebook.cells)
                      if cell.metadata.get("nbgrader", {}).get("solution"))
    for _ in range(naps):
        notebook.cells.insert(last_answer + 1, nbformat.v4.new_code_cell(f"import time\ntime.sleep({nap})"))
    return notebook
