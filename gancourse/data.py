"""Fashion-MNIST without the internet.

The lessons call ``tf.keras.datasets.fashion_mnist.load_data()`` as the books do. Keras
reads its cache, ``$KERAS_HOME/datasets/fashion-mnist`` (``~/.keras/...`` by default),
and downloads only what is missing there. ``prepare_fashion_mnist()`` fills that cache
from the first of these places that holds the four ``.gz`` files:

1. the folder named by ``$FASHION_MNIST_DIR``;
2. the Keras cache itself;
3. Debian's package ``dataset-fashion-mnist`` (``/usr/share/datasets/fashion-mnist``);
4. the normal Keras download, for machines with internet.

Run ``python -m gancourse`` to see which one is used.
"""

import gzip
import os
from pathlib import Path

import numpy as np

ENV_VAR = "FASHION_MNIST_DIR"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
DOWNLOAD_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
HOW_TO_GET_IT = (
    "To get the data: `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or "
    f"put the four files {', '.join(FILES)} in a folder and set {ENV_VAR} to it, or "
    "connect to the internet so that Keras can download them."
)


class FashionMNISTNotFound(FileNotFoundError):
    """No place held the data and the download failed."""


def keras_cache_dir():
    """The folder where ``keras.datasets.fashion_mnist.load_data()`` looks first."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "fashion-mnist"


def candidate_dirs(debian_dir=DEBIAN_DIR):
    """The places to look, in order, as ``(description, folder)`` pairs."""
    places = []
    if os.environ.get(ENV_VAR):
        places.append((f"${ENV_VAR}", Path(os.environ[ENV_VAR]).expanduser()))
    places.append(("the Keras cache", keras_cache_dir()))
    places.append(("Debian's dataset-fashion-mnist", Path(debian_dir)))
    return places


def has_all_files(folder):
    return all((folder / name).is_file() for name in FILES)


def prepare_fashion_mnist(debian_dir=DEBIAN_DIR, verbose=True):
    """Make sure the Keras cache holds Fashion-MNIST; return the folder the data came from.

    Files found elsewhere are linked (or copied) into the cache, so that Keras never
    needs the network. Raises ``FashionMNISTNotFound``, naming every place it tried.
    """
    cache = keras_cache_dir()
    tried = []
    for description, folder in candidate_dirs(debian_dir):
        if has_all_files(folder):
            if folder.resolve() != cache.resolve():
                _link_into(cache, folder)
            if verbose:
                print(f"Fashion-MNIST: {folder} ({description})")
            return folder
        tried.append(f"{description}: {folder}")
    try:
        _download(cache)
    except Exception as error:  # any failure of the download ends the same way
        tried.append(f"the download from {DOWNLOAD_BASE}: {type(error).__name__}: {error}")
        lines = "\n".join(f"  - {place}" for place in tried)
        raise FashionMNISTNotFound(
            f"Fashion-MNIST was not found. Tried, in this order:\n{lines}\n{HOW_TO_GET_IT}"
        ) from error
    if verbose:
        print(f"Fashion-MNIST: downloaded into {cache}")
    return cache


def load_fashion_mnist(debian_dir=DEBIAN_DIR):
    """``(x_train, y_train), (x_test, y_test)`` as uint8 arrays, like Keras returns them."""
    folder = prepare_fashion_mnist(debian_dir, verbose=False)

    def read(name, offset):
        with gzip.open(folder / name, "rb") as handle:
            return np.frombuffer(handle.read(), np.uint8, offset=offset)

    y_train = read(FILES[0], 8)
    x_train = read(FILES[1], 16).reshape(len(y_train), 28, 28)
    y_test = read(FILES[2], 8)
    x_test = read(FILES[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)


def _link_into(cache, folder):
    cache.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        target = cache / name
        if target.is_file():
            continue
        if target.is_symlink():  # a dangling link from an earlier place
            target.unlink()
        try:
            target.symlink_to((folder / name).resolve())
        except OSError:
            target.write_bytes((folder / name).read_bytes())


def _download(cache):
    from keras.utils import get_file

    for name in FILES:
        get_file(name, origin=DOWNLOAD_BASE + name, cache_dir=str(cache.parent.parent),
                 cache_subdir="datasets/fashion-mnist")
