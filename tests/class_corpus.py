"""A class of lesson-01 submissions, well-behaved and misbehaving, as an LMS would hand it over.

``build_class(folder, ...)`` writes ``<student>/01_dense_gan/...`` and returns what each
student must get: ``{student: (expected score or None for "less than full marks",
words the reason must contain)}``.

With ``attack=Attack(...)``, the class gains students who each try to subvert the grading
(``ATTACKERS``): the solution, with code in its first answer cell that tries, and prints
``ATTACK <student> <target>: denied`` or ``SUCCEEDED``, which the test reads in the feedback. One
of them fills ``output/`` until a write fails (the disk cap, autograder/sandbox.py).
"""

import copy
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course import REPO
from autograder.sandbox import OUTPUT_LIMIT
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


@dataclass
class Attack:
    """Where the attacking students aim: the run's output folder (its worker folders hold the
    gradebooks, the other submissions and feedback), the class folder, a port on 127.0.0.1."""
    out_dir: Path
    submissions: Path
    port: int


# What each attacking student tries; every attempt prints its outcome (see _attempts).
ATTACKERS = ("gradebook_wrecker", "solution_reader", "peer_reader", "outside_writer", "network_caller",
             "transformer", "disk_filler")
SLOW = "a_slow_notebook"  # sleeps to the whole notebook's cap
OUTCOME = r"ATTACK (?P<student>\S+) (?P<target>\S+): (?P<outcome>denied|SUCCEEDED|allowed|refused)"

_TRY = """
import os as _os, socket as _socket
from pathlib import Path as _Path


def _attempt(target, action, allowed=False):
    try:
        action()
        outcome = "allowed" if allowed else "SUCCEEDED"
    except Exception as error:
        outcome = "refused" if allowed else "denied"
        target = f"{target}({type(error).__name__})"
    print(f"ATTACK {STUDENT} {target}: {outcome}")


def _gradebooks():
    found = set(_Path(path) for path in KNOWN_GRADEBOOKS)
    for folder in [_Path.cwd(), *_Path.cwd().parents]:
        for pattern in ("gradebook.db", "*/gradebook.db", "*/*/gradebook.db"):
            try:
                found.update(folder.glob(pattern))
            except OSError:
                pass
    return sorted(found)
"""

_ATTEMPTS = {
    "gradebook_wrecker": """
for _number, _db in enumerate(_gradebooks()):
    _attempt(f"truncate:{_db}", lambda: open(_db, "r+b").truncate(0))
    _attempt(f"delete:{_db}", lambda: _os.remove(_db))
""",
    "solution_reader": """
_attempt("read:solutions", lambda: open(SOLUTION).read())
_attempt("list:solutions", lambda: _os.listdir(_Path(SOLUTION).parent))
""",
    "peer_reader": """
for _peer in PEER_FILES:
    _attempt(f"read:{_peer}", lambda: open(_peer).read())
""",
    "outside_writer": """
for _place in OUTSIDE:
    _attempt(f"write:{_place}", lambda: open(_place, "w").write("escaped"))
_attempt("write:output", lambda: open("output/scratch.txt", "w").write("mine"), allowed=True)
_attempt("write:tmp", lambda: open("/tmp/scratch.txt", "w").write("mine"), allowed=True)
""",
    "network_caller": """
_attempt(f"connect:127.0.0.1:{PORT}", lambda: _socket.create_connection(("127.0.0.1", PORT), timeout=5).close())
""",
    # 64 MiB at a time until a write fails, as the 3 GiB did; prints the error the student reads
    "disk_filler": """
def _fill():
    try:
        with open("output/filler.bin", "wb") as _filler:
            while True:
                _filler.write(bytes(64 * 1024 ** 2))
    except OSError as _error:
        print(f"FILLER stopped: {_error}")
        raise


_attempt("fill:output", _fill)
""",
}

# Rewrites every later cell that checks anything into `pass`: a blank notebook would pass every test.
_TRANSFORMER = """
def _no_tests(lines):
    return ["pass\\n"] if any("assert" in line for line in lines) else lines


get_ipython().input_transformers_post.append(_no_tests)
"""


def _attacking(student, release_dir, attack):
    """STUDENT's notebook: the solution with the attempt run in the first answer cell (the blank
    release for the transformer, whose trick makes its tests pass)."""
    if student == "transformer":
        notebook = nbformat.read(Path(release_dir) / LESSON / f"{LESSON}.ipynb", as_version=4)
        code = _TRANSFORMER
    else:
        notebook = build_submission(LESSON, release_dir=release_dir)
        workers = Path(attack.out_dir) / "workers"
        known = {
            "STUDENT": student,
            "KNOWN_GRADEBOOKS": [str(workers / f"worker{index}" / "gradebook.db") for index in range(4)]
            + [str(REPO / "build" / "grading" / "gradebook.db")],
            "SOLUTION": str(REPO / "solutions" / LESSON / f"{LESSON}.ipynb"),
            "PEER_FILES": [str(Path(attack.submissions) / "ada" / LESSON / f"{LESSON}.ipynb")]
            + [str(workers / f"worker{index}" / kind / "ada" / LESSON / f"{LESSON}.{ext}")
               for index in range(4) for kind, ext in (("submitted", "ipynb"), ("feedback", "html"))],
            "OUTSIDE": [str(Path(attack.out_dir) / "escaped.txt"), str(Path(attack.submissions) / "escaped.txt"),
                        str(Path.home() / "escaped.txt"), "escaped.txt"],
            "PORT": attack.port,
        }
        code = "".join(f"{name} = {value!r}\n" for name, value in known.items()) + _TRY + _ATTEMPTS[student]
    answer = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source = textwrap.dedent(code) + "\n" + answer.source
    return notebook


def well_behaved(release_dir):
    """The solution, the blank release, and the partly wrong sample."""
    return {
        "ada": build_submission(LESSON, release_dir=release_dir),
        "blaise": nbformat.read(Path(release_dir) / LESSON / f"{LESSON}.ipynb", as_version=4),
        "charles": build_submission(LESSON, Variant.from_file(PARTLY_WRONG), release_dir=release_dir),
    }


def build_class(folder, release_dir, cell_timeout, notebook_timeout, attack=None):
    """Write the class into FOLDER, with the ATTACKERS when ATTACK says where they aim; return the
    expected results."""
    folder = Path(folder)
    notebooks = well_behaved(release_dir)
    if attack:
        notebooks.update({student: _attacking(student, release_dir, attack) for student in ATTACKERS})
    duplicated = build_submission(LESSON, release_dir=release_dir)
    position = next(index for index, cell in enumerate(duplicated.cells) if cell.id == "build_generator")
    pasted = copy.deepcopy(duplicated.cells[position])
    pasted.id = "build_generator_copy"
    duplicated.cells.insert(position + 1, pasted)
    notebooks.update({
        # defined, then loops forever: the cell is stopped and the student keeps the points
        "endless_cell": _with_cell_appended("preprocess_images", "while True:\n    pass"),
        # every cell stays under the cell timeout, the notebook does not stay under its cap. Named to
        # come first (the workers take students in name order): it sleeps to its cap while the
        # other workers grade, instead of after them
        SLOW: _slow_notebook(cell_timeout, notebook_timeout),
        "kernel_exits": _with_cell_appended("build_gan", "import os\nos._exit(1)"),
        "huge_output": _with_cell_appended("preprocess_images", "for line in range(200_000):\n    print(line)"),
        "memory_grab": _with_cell_appended(
            "preprocess_images", "hoard = [np.empty(2**27) for _ in range(200)]  # 1 GiB of address space a piece"),
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
    attackers = {
        # each attempt fails and the solution keeps its marks: their outcomes are in the feedback
        **{student: (FULL_MARKS, "") for student in ATTACKERS},
        # the trick works in its own kernel (a blank notebook scores full marks) and is flagged
        "transformer": (FULL_MARKS, "needs a look: registers an IPython input transformer"),
        # its writes stop at output/'s cap; graded as it ran, and flagged
        "disk_filler": (FULL_MARKS, f"output/ is limited to {OUTPUT_LIMIT // 1024 ** 2} MiB while grading"),
    }
    return {
        **(attackers if attack else {}),
        "ada": (FULL_MARKS, ""),
        "blaise": (0, ""),
        "charles": (12, ""),
        "endless_cell": (FULL_MARKS, "timeout"),
        SLOW: (0, "cap"),
        "kernel_exits": (8, "kernel died"),  # the 8 points of the tests before the cell that killed it
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
