"""The plumbing in gancourse: quick mode and figures."""

import numpy as np
import pytest

import gancourse
from gancourse.quick import QUICK_IMAGES, QUICK_STEPS


@pytest.mark.parametrize("env, expected", [
    ({}, 10_000),
    ({"NBGRADER_EXECUTION": "autograde"}, QUICK_STEPS),
    ({"NBGRADER_EXECUTION": "validate"}, QUICK_STEPS),
    ({"GANCOURSE_QUICK": "1"}, QUICK_STEPS),
    ({"GANCOURSE_QUICK": "0"}, 10_000),
])
def test_steps_and_data_are_cut_only_under_grading_or_when_asked(monkeypatch, env, expected):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("GANCOURSE_QUICK", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert gancourse.steps(10_000) == expected
    assert gancourse.steps(2, quick=5) == 2, "quick mode never asks for more steps than the full run"
    images = np.arange(60_000)
    subset = gancourse.quick_subset(images)
    assert np.array_equal(subset, images if expected == 10_000 else images[:QUICK_IMAGES]), \
        f"quick_subset should keep every image in a real run and the first {QUICK_IMAGES} under grading, kept {len(subset)}"


def test_image_grid_saves_a_png(tmp_path):
    images = np.random.default_rng(0).uniform(-1, 1, (10, 28, 28, 1))
    path = gancourse.image_grid(images, title="ten", path=tmp_path / "sub" / "grid.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_curves_saves_a_png(tmp_path):
    path = gancourse.plot_curves({"d_loss": [0.7, 0.6], "g_loss": [0.8, 0.9]}, path=tmp_path / "c.png")
    assert path.stat().st_size > 0
