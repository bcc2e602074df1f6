"""nbgrader's Execute as this course grades: every test cell runs, nothing after the last one.

``nbgrader_config.py`` puts it in autograde's place of ``Execute``. Two changes:

- **A cell tagged ``skip-execution`` runs anyway.** nbclient skips such cells, and nbgrader
  gives full points to a test cell that shows no error. nbgrader restores a test cell's
  source and nbgrader metadata, not its tags, so a blank lesson 01 whose test cells a student
  had tagged scored 17/17.
- **Code cells after the last graded or answer cell do not run.** They cannot change a grade.
  In the lessons they are the training loop and its plots, 2 to 4 s of every notebook graded.
  Each gets a one-line output saying why, which the student reads in the feedback.
"""

import nbformat
from nbgrader import utils
from nbgrader.preprocessors import Execute

NOT_RUN = "Not run while grading: no test comes after this cell. Run it yourself to see its output.\n"


def last_graded_index(cells):
    """The index of the last graded or answer cell; -1 if there is none."""
    return max((index for index, cell in enumerate(cells) if utils.is_grade(cell) or utils.is_solution(cell)),
               default=-1)


class ExecuteUpToLastTest(Execute):
    def preprocess(self, nb, resources=None, km=None):
        self._last_graded = last_graded_index(nb.cells)
        for index, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags", [])
            if self.skip_cells_with_tag in tags:
                name = cell.metadata.get("nbgrader", {}).get("grade_id", f"number {index}")
                self.log.warning("Cell %s is tagged %s: it runs anyway", name, self.skip_cells_with_tag)
                tags.remove(self.skip_cells_with_tag)
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if index > self._last_graded and cell.cell_type == "code" and cell.source.strip():
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=NOT_RUN)]
            return cell, resources
        return super().preprocess_cell(cell, resources, index)
