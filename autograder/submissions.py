"""Build submissions: the student release, with its answer cells filled in.

A *variant* file describes one submission as readable Python::

    \"\"\"Wrong: the generator ends in a sigmoid.\"\"\"       <- what it is, one line
    # loses: test_build_generator                       <- test cells that must lose points
    # delete: test_build_gan                            <- cells the student deleted (optional)
    # tag skip-execution: test_build_gan                <- cells the student tagged (optional)

    # %% build_generator                                <- a cell id, then its new source
    def build_generator(noise_dim=100):
        ...

Answer cells it does not name keep the instructor's solution, so that each variant
changes one thing. Any cell can be named, a test cell included ("edited to pass").
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course import COURSE, SOLUTIONS

MARKER = re.compile(r"^# %% (\S+)[ \t]*$", re.MULTILINE)


@dataclass
class Variant:
    name: str
    description: str
    cells: dict = field(default_factory=dict)
    loses: frozenset = frozenset()
    deleted: tuple = ()
    skip_tagged: tuple = ()

    @classmethod
    def from_file(cls, path):
        path = Path(path)
        text = path.read_text()
        header, *blocks = MARKER.split(text)
        cells = {cell_id: source.strip("\n") + "\n" for cell_id, source in zip(blocks[::2], blocks[1::2])}
        description = re.search(r'"""(.*?)"""', header, re.DOTALL).group(1).strip()
        return cls(
            name=path.stem,
            description=description.splitlines()[0],
            cells={cell_id: source.rstrip("\n") for cell_id, source in cells.items()},
            loses=frozenset(_listed(header, "loses")),
            deleted=tuple(_listed(header, "delete")),
            skip_tagged=tuple(_listed(header, "tag skip-execution")),
        )


def _listed(header, key):
    match = re.search(rf"^# {key}:(.*)$", header, re.MULTILINE)
    names = match.group(1).replace(",", " ").split() if match else []
    return [name for name in names if name != "nothing"]


def load_variants(folder):
    return [Variant.from_file(path) for path in sorted(Path(folder).glob("*.py"))]


def solution_sources(lesson):
    """``{answer cell id: the instructor's code}``, without the SOLUTION markers."""
    notebook = nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)
    sources = {}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
            sources[meta["grade_id"]] = "\n".join(lines)
    return sources


def release_notebook(lesson, release_dir=COURSE):
    return nbformat.read(Path(release_dir) / lesson / f"{lesson}.ipynb", as_version=4)


def build_submission(lesson, variant=None, release_dir=COURSE):
    """The release notebook with every answer cell solved, then the variant's changes."""
    notebook = release_notebook(lesson, release_dir)
    sources = solution_sources(lesson)
    changes = variant.cells if variant else {}
    deleted = set(variant.deleted) if variant else set()
    skip_tagged = set(variant.skip_tagged) if variant else set()
    known = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in notebook.cells}
    unknown = (set(changes) | deleted | skip_tagged) - known
    if unknown:
        raise KeyError(f"{variant.name}: no cells with ids {sorted(unknown)} in {lesson}")
    kept = []
    for cell in notebook.cells:
        cell_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell_id in deleted:
            continue
        if cell_id in changes:
            cell.source = changes[cell_id]
        elif cell_id in sources:
            cell.source = sources[cell_id]
        if cell_id in skip_tagged:  # nbclient skips such a cell
            cell.metadata.setdefault("tags", []).append("skip-execution")
        kept.append(cell)
    notebook.cells = kept
    return notebook
