"""Quick mode: the lessons train for a few steps while nbgrader grades them.

nbgrader sets ``NBGRADER_EXECUTION`` (``autograde`` or ``validate``) in the kernel it
starts; ``GANCOURSE_QUICK=1`` asks for the same thing by hand, for CI or a dry run.
"""

import os

from tqdm.auto import trange

QUICK_ENV = "GANCOURSE_QUICK"
QUICK_STEPS = 3


def quick_mode():
    """True under nbgrader, or when GANCOURSE_QUICK is set to anything but 0."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    return os.environ.get(QUICK_ENV, "0") not in ("", "0")


def steps(full, quick=QUICK_STEPS):
    """The step count to use: ``full`` for a real run, ``quick`` under grading."""
    return min(full, quick) if quick_mode() else full


def progress(total, desc=None):
    """A progress bar over ``range(total)``: a widget in JupyterLab, text elsewhere."""
    return trange(total, desc=desc, mininterval=0.5)
