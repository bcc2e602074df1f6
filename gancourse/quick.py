"""Quick mode: the lessons train for two steps, on a slice of the data, while nbgrader runs them.

nbgrader sets ``NBGRADER_EXECUTION`` (``autograde`` or ``validate``) in the kernel it
starts; ``GANCOURSE_QUICK=1`` asks for the same thing by hand, for CI or a dry run.
Autograde does not run the training at all: it stops after the last test
(``autograder/preprocessors.py``). Validate and a dry run do.
"""

import os
import sys

from tqdm import tqdm
from tqdm.auto import trange

QUICK_ENV = "GANCOURSE_QUICK"
# two steps run every branch of a training loop (a grid saved at step 0 and at the last);
# each step more costs up to 0.6 s a notebook validated (lesson 03's batch of 256)
QUICK_STEPS = 2
# two steps of lesson 03's batch of 256 need 512 images; converting all 60,000 to float32
# costs up to 1 s a graded notebook (lessons 01 and 03)
QUICK_IMAGES = 1_024
# set by ``make train``: the bars go to the terminal that started the kernel
CONSOLE_PROGRESS_ENV = "GANCOURSE_CONSOLE_PROGRESS"


def quick_mode():
    """True under nbgrader, or when GANCOURSE_QUICK is set to anything but 0."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    return os.environ.get(QUICK_ENV, "0") not in ("", "0")


def steps(full, quick=QUICK_STEPS):
    """The step count to use: ``full`` for a real run, ``quick`` under grading."""
    return min(full, quick) if quick_mode() else full


def quick_subset(images, quick=QUICK_IMAGES):
    """The images to train on: all of them for a real run, the first ``quick`` under grading."""
    return images[:quick] if quick_mode() else images


def progress(total, desc=None):
    """A progress bar over ``range(total)``: a widget in JupyterLab, text elsewhere.

    Under ``make train`` the notebook runs in a kernel nobody watches, so the bar is
    written to the process's own stderr: the console of ``make train``.
    """
    if os.environ.get(CONSOLE_PROGRESS_ENV):
        return tqdm(range(total), desc=desc, mininterval=5, file=sys.__stderr__)
    return trange(total, desc=desc, mininterval=0.5)
