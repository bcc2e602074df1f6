"""A check graded on a kernel started ahead (the Check button's further checks) gives what a cold check
gives: the same points on every test, and a notebook that finds no trace of the kernel's warm-up
(autograder/preprocessors.py, ``KERNEL_WARM_UP``): no name bound, Keras's names not advanced."""

import nbformat

from autograder.course import LESSONS, REPO
from autograder.student import check_notebook, prestart_check
from autograder.submissions import Variant, build_submission

LESSON = LESSONS[0]
WRONG = REPO / "tests" / "variants" / LESSON / "wrong_preprocess_zero_to_one.py"
# the first cell of the notebook: what the kernel holds before the student's first line
PROBE = ("import keras\n"
         "print(keras.layers.Dense(1).name, keras.Sequential().name,\n"
         "      sorted(name for name in globals() if not name.startswith('_')))")


def probe_output(checked):
    """What the probe cell printed in the autograded notebook."""
    [probe] = [cell for cell in nbformat.read(checked.graded, as_version=4).cells if cell.source == PROBE]
    return "".join(output.get("text", "") for output in probe.outputs)


def test_a_check_on_a_kernel_started_ahead_grades_as_a_cold_check(tmp_path):
    notebook = tmp_path / "work" / LESSON / f"{LESSON}.ipynb"
    notebook.parent.mkdir(parents=True)
    submission = build_submission(LESSON, Variant.from_file(WRONG))
    submission.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    nbformat.write(submission, notebook)
    out_dir = tmp_path / "check"

    cold = check_notebook(notebook, out_dir, True, feedback=False)
    warm = check_notebook(notebook, out_dir, True, feedback=False,
                          warm=prestart_check(LESSON, out_dir, True))

    assert cold.result.score < cold.result.max_score, f"the wrong variant got full marks cold: {cold.result}"
    assert warm.result.tests == cold.result.tests, (
        f"the kernel started ahead graded otherwise: {warm.result.tests} against {cold.result.tests} cold")
    assert probe_output(cold).startswith("dense sequential"), f"the probe printed: {probe_output(cold)!r}"
    assert probe_output(warm) == probe_output(cold), (
        f"the warm-up left a trace (a name, Keras's counters): {probe_output(warm)!r} against {probe_output(cold)!r} cold")
