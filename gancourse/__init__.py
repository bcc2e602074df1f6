"""Plumbing for the GAN course: offline data, plots, progress bars, the quick mode and quiet logs.

The models the students write live in the notebooks, never here.
"""

from gancourse.data import FashionMNISTNotFound, load_fashion_mnist, prepare_fashion_mnist
from gancourse.plots import image_grid, plot_curves
from gancourse.quick import progress, quick_mode, quick_subset, steps
from gancourse.quiet import quiet_tensorflow

__all__ = [
    "FashionMNISTNotFound",
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
