"""Feedback that shows students which hidden tests failed and why, but not their code.

nbgrader's feedback is the autograded notebook, where the hidden tests are back in
their cells (by design: jupyter/nbgrader#917). This preprocessor runs in
``nbgrader generate_feedback`` (see nbgrader_config.py). In every test cell with a
hidden region, it removes the region, as the student release does, and cuts the
cell's tracebacks to their last line: the exception and the test's message. A
traceback would otherwise quote the failing line of the hidden test.
"""

from nbgrader.preprocessors import ClearHiddenTests

NOTE = "# hidden tests ran here; their code stays hidden, their messages are below"


class HideHiddenTests(ClearHiddenTests):
    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
            return cell, resources
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        cell.source = cell.source.rstrip("\n") + "\n" + NOTE
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
