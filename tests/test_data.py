"""Fashion-MNIST is found offline, in the documented order, or the error says how to get it."""

import os
import subprocess
import sys

import numpy as np
import pytest

from gancourse import data

pytestmark = pytest.mark.quick  # make test-quick runs it

needs_debian_package = pytest.mark.skipif(
    not data.has_all_files(data.DEBIAN_DIR),
    reason="needs Debian's dataset-fashion-mnist (make data installs it)")


@pytest.fixture
def empty_places(tmp_path, monkeypatch):
    """No env var folder, an empty Keras cache, and no Debian package."""
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return tmp_path / "no_debian_package"


def linked_copy(folder):
    folder.mkdir(parents=True)
    for name in data.FILES:
        (folder / name).symlink_to(data.DEBIAN_DIR / name)
    return folder


@needs_debian_package
def test_keras_load_data_works_offline_from_the_debian_package(tmp_path):
    """The book's own call, in a fresh process whose Keras cache starts empty."""
    script = ("import gancourse, tensorflow as tf; gancourse.prepare_fashion_mnist(); "
              "(x, y), (xt, yt) = tf.keras.datasets.fashion_mnist.load_data(); "
              "print(x.shape, xt.shape, x.dtype)")
    env = {**os.environ, "KERAS_HOME": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop(data.ENV_VAR, None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "(60000, 28, 28) (10000, 28, 28) uint8" in result.stdout
    assert "dataset-fashion-mnist" in result.stdout, "prepare_fashion_mnist should say where the data came from"
    assert all((tmp_path / "datasets" / "fashion-mnist" / name).is_symlink() for name in data.FILES)


@needs_debian_package
def test_env_var_comes_first(tmp_path, empty_places, monkeypatch):
    chosen = linked_copy(tmp_path / "my_copy")
    linked_copy(tmp_path / "keras_home" / "datasets" / "fashion-mnist")
    monkeypatch.setenv(data.ENV_VAR, str(chosen))
    assert data.prepare_fashion_mnist(debian_dir=data.DEBIAN_DIR) == chosen


@needs_debian_package
def test_keras_cache_comes_before_debian(tmp_path, empty_places):
    cache = linked_copy(tmp_path / "keras_home" / "datasets" / "fashion-mnist")
    assert data.prepare_fashion_mnist(debian_dir=data.DEBIAN_DIR) == cache


@needs_debian_package
def test_incomplete_env_folder_is_skipped(tmp_path, empty_places, monkeypatch):
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / data.FILES[0]).symlink_to(data.DEBIAN_DIR / data.FILES[0])
    monkeypatch.setenv(data.ENV_VAR, str(partial))
    assert data.prepare_fashion_mnist(debian_dir=data.DEBIAN_DIR) == data.DEBIAN_DIR


def test_error_names_every_place_tried_and_how_to_get_the_data(tmp_path, empty_places, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "empty"))
    # a real download attempt that fails at once, here and on machines with internet
    monkeypatch.setattr(data, "DOWNLOAD_BASE", "http://127.0.0.1:9/")
    with pytest.raises(data.FashionMNISTNotFound) as error:
        data.prepare_fashion_mnist(debian_dir=empty_places)
    message = str(error.value)
    for place in (str(tmp_path / "empty"), str(tmp_path / "keras_home"), str(empty_places), "127.0.0.1:9"):
        assert place in message, f"the error should name {place}:\n{message}"
    assert message.index("$FASHION_MNIST_DIR") < message.index("Keras cache") < message.index("Debian") < message.index("download")
    assert "apt-get install dataset-fashion-mnist" in message and "internet" in message


@needs_debian_package
def test_load_fashion_mnist_returns_the_keras_arrays(empty_places):
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.max() == 9 and len(y_test) == 10000
    assert 0 < x_train.mean() < 255
