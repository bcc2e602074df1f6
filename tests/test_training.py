"""`make train` and the speed benchmark run end to end, in quick mode (no timing asserted)."""

import json
import subprocess
import sys

from autograder.course import REPO


def run(*command):
    result = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_quick_training_writes_notebooks_images_and_metrics(tmp_path):
    out = run("-m", "autograder", "train", "--quick", "--out", str(tmp_path), "01_dense_gan")
    lesson = tmp_path / "01_dense_gan"
    for name in ("01_dense_gan.ipynb", "01_dense_gan.html", "metrics.json", "output/generator.keras",
                 "output/losses.png", "output/d_probabilities.png"):
        assert (lesson / name).is_file(), f"make train did not write {name}"
    assert list((lesson / "output").glob("dense_gan_step_*.png")), "no sample grids were saved"
    report = json.loads((lesson / "metrics.json").read_text())
    assert set(report["metrics"]) == {"01_dense_gan", "seed recipe", "real train images", "uniform noise"}
    assert report["metrics"]["real train images"]["fid"] < report["metrics"]["uniform noise"]["fid"]
    assert "sample quality" in out and str(lesson) in out


def test_speed_benchmark_reports_every_loop(tmp_path):
    out = run("benchmarks/speed.py", "--repeats", "1", "--steps", "1", "--json", str(tmp_path / "speed.json"))
    report = json.loads((tmp_path / "speed.json").read_text())
    steps = report["benchmarks"]["dense GAN (lesson 01)"]["steps"]
    assert set(steps) == {"seed loop", "lesson loop", "tf.function"}
    assert report["machine"]["matmul_gflops"] > 0 and "of matmul" in out
