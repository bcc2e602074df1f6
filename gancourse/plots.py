"""Figures the lessons show and save: image grids and training curves."""

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np


def image_grid(images, cols=None, title=None, path=None, cmap="gray", row_labels=None):
    """Show images from a generator, scaled from [-1, 1], in a grid.

    ``images`` is ``(N, 28, 28)`` or ``(N, 28, 28, 1)``, a NumPy array or a tensor.
    ``row_labels`` names the rows, left of them (lesson 05: one row per class).
    With ``path`` the figure is also saved there (folders are created) and closed,
    so that a training loop does not pile up figures.
    """
    images = np.asarray(images)
    if images.ndim == 4:
        images = images[..., 0]
    count, height, width = images.shape
    cols = cols or math.ceil(math.sqrt(count))
    rows = math.ceil(count / cols)
    # one picture of tiles with a white gap, on one axis: a subplot per image costs
    # about 0.2 s a grid, paid a few times in every notebook graded
    gap = 2
    tiles = np.ones((rows * (height + gap) - gap, cols * (width + gap) - gap))
    for index, image in enumerate(images):
        top, left = (index // cols) * (height + gap), (index % cols) * (width + gap)
        tiles[top:top + height, left:left + width] = 0.5 * image + 0.5
    fig, ax = plt.subplots(figsize=(cols * 1.2 + (1.5 if row_labels else 0), rows * 1.2))
    ax.imshow(tiles, cmap=cmap, vmin=0.0, vmax=1.0)
    ax.axis("off")
    for row, label in enumerate(row_labels or ()):
        ax.text(-gap, row * (height + gap) + height / 2, label, ha="right", va="center")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)


def plot_curves(curves, x=None, title=None, xlabel="step", path=None):
    """Plot named series, e.g. ``{"d_loss": [...], "g_loss": [...]}``, on one axis.

    ``x`` gives the steps of the values when they were not recorded at every step.
    """
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(len(values)) if x is None else np.asarray(x), values, label=name)
    ax.set_xlabel(xlabel)
    ax.legend()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return _save(fig, path)


def _save(fig, path):
    if path is None:
        return fig
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
