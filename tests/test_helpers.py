"""The plumbing in gancourse: quick mode and figures."""

import numpy as np
import pytest

import gancourse
from gancourse.quick import QUICK_IMAGES, QUICK_STEPS

pytestmark = pytest.mark.quick  # make test-quick runs it


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


def test_image_grid_names_its_rows():
    figure = gancourse.image_grid(np.zeros((6, 28, 28)), cols=3, row_labels=["Trouser", "Bag"])
    assert [text.get_text() for text in figure.axes[0].texts] == ["Trouser", "Bag"]


def test_plot_curves_saves_a_png(tmp_path):
    path = gancourse.plot_curves({"d_loss": [0.7, 0.6], "g_loss": [0.8, 0.9]}, path=tmp_path / "c.png")
    assert path.stat().st_size > 0


# Lines TensorFlow 2.21 wrote to stderr on this course's machines, while it was imported
# (before it reads TF_CPP_MIN_LOG_LEVEL) and after.
ABSL_NOTICE = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
ONEDNN_INFO = ("I0000 00:00:1796007866.153209    4556 port.cc:153] oneDNN custom operations are on. You may see "
               "slightly different numerical results due to floating-point round-off errors.\n")
CUINIT_ERROR = ("E0000 00:00:1796007868.672463    4556 cuda_platform.cc:52] failed call to cuInit: INTERNAL: "
                "CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)\n")
FATAL = "F0000 00:00:1796007868.672463    4556 cpu_feature_guard.cc:1] The TensorFlow library was compiled to use AVX\n"


@pytest.mark.parametrize("level, kept", [
    (1, [CUINIT_ERROR, FATAL]),
    (2, [CUINIT_ERROR, FATAL]),
    (3, [FATAL]),
])
def test_quiet_filter_drops_only_tensorflow_lines_below_the_level(level, kept):
    from gancourse.quiet import filter_tensorflow_logs

    mine = "my own debug print\n"
    warning = "/home/student/lesson.py:3: UserWarning: something real\n"
    text = ABSL_NOTICE + ONEDNN_INFO + mine + CUINIT_ERROR + warning + FATAL
    expected = [line for line in (mine, CUINIT_ERROR, warning, FATAL) if line in kept or line in (mine, warning)]
    assert filter_tensorflow_logs(text, level) == "".join(expected), \
        "only absl's notice and TensorFlow log lines below TF_CPP_MIN_LOG_LEVEL should go"


def test_quiet_tensorflow_silences_the_import_and_the_missing_gpu_but_not_the_student(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import sys, os, gancourse\n"
            "gancourse.quiet_tensorflow()\n"
            "import tensorflow as tf\n"
            "tf.zeros(1)  # looks for a GPU: cuInit's error on a machine without one\n"
            "import warnings\n"
            "warnings.warn('`shuffle=True` was passed, but will be ignored since the data `x` was provided as a '\n"
            "              'tf.data.Dataset.', UserWarning)  # Keras 3.15 on every fit() of a dataset\n"
            "print('student', file=sys.stderr)\n"
            "print(os.environ['TF_CPP_MIN_LOG_LEVEL'], os.environ.get('TF_ENABLE_ONEDNN_OPTS'))\n")
    env = {name: value for name, value in os.environ.items()
           if name not in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "PYTHONWARNINGS")}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "student\n", \
        f"importing TensorFlow after gancourse.quiet_tensorflow() should print nothing to stderr, got {result.stderr!r}"
    assert result.stdout.split() == ["3", "None"], "TF_CPP_MIN_LOG_LEVEL should be 3, and oneDNN left as it is"


def gan_pair(seed):
    """A small compiled D and a GAN around it that froze D (the lessons' build_gan), from SEED."""
    import keras

    keras.utils.set_random_seed(seed)
    generator = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="tanh")])
    discriminator = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activation="sigmoid")])
    discriminator.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    discriminator.trainable = False
    gan = keras.Sequential([generator, discriminator])
    gan.compile(optimizer="adam", loss="binary_crossentropy")
    return generator, discriminator, gan


def traced(model):
    """A list that counts MODEL's train_step traces (Keras calls train_step once per trace)."""
    traces, train_step = [], model.train_step
    model.train_step = lambda data: traces.append(1) or train_step(data)
    return traces


def test_build_optimizer_makes_the_first_train_step_one_trace_with_the_same_result():
    noise, ones = np.random.default_rng(1).normal(size=(8, 4)).astype("float32"), np.ones((8, 1), "float32")
    results = {}
    for prebuilt in (False, True):
        generator, discriminator, gan = gan_pair(seed=3)
        traces = traced(gan)
        if prebuilt:
            gancourse.build_optimizer(gan)
            assert gan.optimizer.built, "build_optimizer should build the optimizer of a fresh compiled model"
        gan.train_on_batch(noise, ones)
        gan.train_on_batch(noise, ones)
        results[prebuilt] = len(traces), [w.copy() for w in gan.get_weights()], len(gan.optimizer.variables)
    assert results[False][0] == 2 and results[True][0] == 1, \
        f"the first train step should be traced twice as Keras builds it, once after build_optimizer; traces: {results}"
    assert all(np.array_equal(a, b) for a, b in zip(results[False][1], results[True][1])), \
        "two steps after build_optimizer should give the very weights two plain steps give"
    assert results[False][2] == results[True][2], "build_optimizer should create the optimizer variables Keras creates"


def test_build_optimizer_leaves_alone_what_the_first_step_would_not_build():
    import keras

    _, discriminator, gan = gan_pair(seed=4)
    gancourse.build_optimizer(discriminator)   # frozen by the GAN: its first step trains nothing, builds nothing
    assert not discriminator.optimizer.built, "a frozen model's optimizer should stay unbuilt, as its first step leaves it"
    gancourse.build_optimizer(gan)
    trained = {id(weight) for weight in gan.trainable_weights}
    assert len(gan.optimizer.variables) == 2 + 2 * len(trained), \
        "the GAN's Adam should hold its two counters and two slots per weight the GAN trains (G's), none for frozen D"
    gancourse.build_optimizer(gan)             # built already: nothing more
    assert len(gan.optimizer.variables) == 2 + 2 * len(trained)

    class OwnStep(keras.Sequential):
        def train_step(self, data):
            return super().train_step(data)

    own = OwnStep([keras.Input((2,)), keras.layers.Dense(1)])
    own.compile(optimizer="adam", loss="mse")
    gancourse.build_optimizer(own)
    assert not own.optimizer.built, "a model with its own train_step builds its optimizer its own way: leave it"
    gancourse.build_optimizer(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]))   # not compiled: nothing
