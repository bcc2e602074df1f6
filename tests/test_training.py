"""`make train` and the speed benchmark run end to end, in quick mode (no timing asserted)."""

import importlib.util
import json
import subprocess
import sys

import pytest

from autograder.course import REPO
from autograder.training import LESSONS as TRAINED
from gancourse.metrics import CLASS_NAMES
from gancourse.quick import QUICK_STEPS


def run(*command):
    result = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.mark.parametrize("lesson", TRAINED)
def test_quick_training_writes_notebooks_images_and_metrics(tmp_path, lesson):
    result = run("-m", "autograder", "train", "--quick", "--out", str(tmp_path), lesson)
    folder = tmp_path / lesson
    measures = TRAINED[lesson].get("measures", False)  # lesson 04 trains nothing: it measures
    conditional = TRAINED[lesson].get("conditional", False)  # lesson 05: fit(), asked for each class
    outputs = (["output/results.json"] if measures else
               ["output/losses.png", "output/results.json"] if conditional else
               ["output/losses.png", "output/d_probabilities.png"])
    for name in (f"{lesson}.ipynb", f"{lesson}.html", "metrics.json", "output/generator.keras", *outputs):
        assert (folder / name).is_file(), f"make train did not write {name}"
    report = json.loads((folder / "metrics.json").read_text())
    if measures:
        assert {"healthy", "collapsed", "noisy", "real training images"} <= set(report["notebook"])
        assert f"{lesson}'s own functions" in result.stdout
        return
    if conditional:
        assert len(list((folder / "output").glob("classes_epoch_*.png"))) == QUICK_STEPS, "ClassGrid saved no grid per epoch"
        row = report["metrics"][lesson]
        assert 0 <= row["class_accuracy"] <= 1 and set(row["per_class"]) == set(CLASS_NAMES)
        assert "class accuracy" in result.stdout and report["metrics"]["real train images"]["class_accuracy"] > 0.9
        return
    assert len(list((folder / "output").glob("*_step_*.png"))) >= 2, "sample grids were not saved"
    seed_row = {"seed recipe"} if "seed_recipe" in TRAINED[lesson] else set()
    assert set(report["metrics"]) == {lesson, "real train images", "uniform noise"} | seed_row
    assert report["metrics"]["real train images"]["fid"] < report["metrics"]["uniform noise"]["fid"]
    assert "sample quality" in result.stdout and str(folder) in result.stdout
    bar_end = f"{QUICK_STEPS}/{QUICK_STEPS}"
    assert "training" in result.stderr and bar_end in result.stderr, "the training bar did not reach the console"


def test_speed_benchmark_reports_every_loop(tmp_path):
    result = run("benchmarks/speed.py", "--repeats", "1", "--steps", "1", "--json", str(tmp_path / "speed.json"))
    report = json.loads((tmp_path / "speed.json").read_text())
    steps = report["benchmarks"]["dense GAN (lesson 01)"]["steps"]
    assert set(steps) == {"seed loop", "lesson loop", "tf.function", "tf.function, no XLA", "tf.function, bfloat16"}
    assert set(report["benchmarks"]) == {"dense GAN (lesson 01)", "DCGAN (lesson 02)", "conditional (lesson 05)"}
    conditional = report["benchmarks"]["conditional (lesson 05)"]["steps"]
    assert set(conditional) == {"train_on_batch loop", "tf.function loop", "train_step + fit()"}
    assert report["machine"]["matmul_gflops"] > 0 and report["machine"]["bfloat16_matmul_gflops"] > 0
    assert "of matmul" in result.stdout


def test_every_recipe_change_of_the_seeds_script_still_applies_to_lesson_01():
    spec = importlib.util.spec_from_file_location("dense_gan_seeds", REPO / "scripts" / "dense_gan_seeds.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for change, rewrites in script.CHANGES.items():
        overrides = script.changed_cells(change)  # exits if the lesson's text is gone
        for cell_id, _, new in rewrites:
            assert new in overrides[cell_id], f"--change {change} did not rewrite the {cell_id} cell"
