"""Run chosen cells of an instructor notebook, to reuse the lesson's own code outside it.

The benchmarks and ``make train`` measure the models the lessons build, so they take them
from solutions/ instead of keeping copies that could drift.
"""

import linecache

import nbformat

from autograder.course import SOLUTIONS


def lesson_namespace(lesson, cell_ids, overrides=None, namespace=None):
    """Execute cells of solutions/LESSON, in notebook order; return their globals.

    ``cell_ids`` names the cells to run; ``overrides`` maps cell ids to replacement
    sources (a variant's cells), which run in their cell's place.
    """
    overrides = overrides or {}
    notebook = nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)
    wanted = set(cell_ids) | set(overrides)
    known = {cell.id for cell in notebook.cells}
    if wanted - known:
        raise KeyError(f"solutions/{lesson} has no cells {sorted(wanted - known)}")
    namespace = {"__name__": f"lesson_{lesson}"} if namespace is None else namespace
    for cell in notebook.cells:
        if cell.id in wanted:
            source = overrides.get(cell.id, cell.source)
            filename = f"<{lesson}:{cell.id}>"
            # inspect (and so tf.function's AutoGraph) reads source code through linecache
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            exec(compile(source, filename, "exec"), namespace)
    return namespace
