"""nbgrader configuration of the GAN course, with this repository as the course root.

nbgrader reads this file when it runs in this folder (``cd autograder && nbgrader ...``);
``python -m autograder`` does that for you. Instructors edit ``solutions/``, students get
``course/``. The grading protections are the course's, from ``autograder/grading_config.py``;
``python -m autograder quickstart DIR`` writes a config with the same protections for a course
root of nbgrader's own layout, anywhere.
"""

import sys
from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader provides it)

REPO = Path(__file__).resolve().parent.parent
GRADING = "build/grading"  # submissions, graded copies, feedback and the gradebook

c.CourseDirectory.root = str(REPO)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"
c.CourseDirectory.submitted_directory = f"{GRADING}/submitted"
c.CourseDirectory.autograded_directory = f"{GRADING}/autograded"
c.CourseDirectory.feedback_directory = f"{GRADING}/feedback"
c.CourseDirectory.db_url = f"sqlite:///{REPO / GRADING / 'gradebook.db'}"
(REPO / GRADING).mkdir(parents=True, exist_ok=True)  # the gradebook's folder, in this repository's build/
# Not part of a lesson: images a lesson saves while it runs, and the usual clutter.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "output"]

sys.path.insert(0, str(REPO))  # nbgrader runs in autograder/: the repository's packages
from autograder.grading_config import configure  # noqa: E402

configure(c)
