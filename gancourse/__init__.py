"""Plumbing for the GAN course: offline data, plots, progress bars, the quick mode, quiet logs, and
a fresh model's first train step traced once (for the tests).

The models the students write live in the notebooks, never here.
"""

from gancourse.data import FashionMNISTNotFound, load_fashion_mnist, prepare_fashion_mnist
from gancourse.optimizers import build_optimizer
from gancourse.plots import image_grid, plot_curves
from gancourse.quick import progress, quick_mode, quick_subset, steps
from gancourse.quiet import quiet_tensorflow

__all__ = [
    "FashionMNISTNotFound",
    "build_optimizer",
    "image_grid",
    "load_fashion_mnist",
    "plot_curves",
    "prepare_fashion_mnist",
    "progress",
    "quick_mode",
    "quick_subset",
    "quiet_tensorflow",
    "steps",
]
