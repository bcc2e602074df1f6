"""``python -m autograder quickstart DIR``: an nbgrader course root for these lessons, anywhere.

After nbgrader's own ``nbgrader quickstart``: DIR gets ``source/<lesson>/`` (the instructor
notebooks, from this repository's ``solutions/``) and an ``nbgrader_config.py`` that loads the
course's grading protections from the installed package (autograder/grading_config.py), with
no path into this repository. From DIR, nbgrader's own commands and the Formgrader work:
``generate_assignment``, ``release_assignment``, ``collect`` or ``zip_collect``, ``autograde``,
``generate_feedback``, ``release_feedback``, ``export``. ``python -m autograder grade
--course-root DIR`` grades ``submitted/`` with the class grader's parallel workers, into DIR's
gradebook.

It also writes ``student_nbgrader_config.py``: the two settings each student's server needs for
the exchange, to copy to ``/etc/jupyter/nbgrader_config.py`` (or ``~/.jupyter/``) there.
"""

import os
import shutil
import stat
from pathlib import Path

from autograder.course import LESSONS, SOLUTIONS

CLUTTER = (".ipynb_checkpoints", "__pycache__", "*.pyc", "output", "feedback")


def zip_regexp(lessons=LESSONS):
    """nbgrader zip_collect's named_regexp for an LMS download: ``<student>_<anything>_<lesson>.ipynb``
    (what ``python -m autograder grade`` reads from a zip too). nbgrader matches it against the
    extracted file's whole path; ``file_id`` is the notebook's name in the lesson."""
    names = "|".join(lessons)
    return rf"(?:.*/)?(?P<student_id>[A-Za-z0-9.-]+)_(?:.*_)?(?P<file_id>(?:{names})\.ipynb)$"


CONFIG = '''\
"""nbgrader configuration of the course {course_id}: the GAN course's lessons in nbgrader's layout.

Made by ``python -m autograder quickstart``. Run nbgrader in this folder: ``nbgrader
generate_assignment 01_dense_gan``, ``release_assignment``, ``collect`` (or ``zip_collect``),
``autograde``, ``generate_feedback``, ``release_feedback``, ``export``; or the Formgrader.
``python -m autograder grade --course-root .`` grades submitted/ with parallel workers.
"""

# The course's protections (autograder/grading_config.py): stderr noise that would cost a
# correct notebook its points, the sandbox, the time and memory caps, dead kernels and
# duplicated grade_ids graded with a reason, feedback without the hidden tests' code.
try:
    from autograder.grading_config import configure
except ImportError as error:  # nbgrader would go on without them, and grade correct notebooks wrong
    raise SystemExit(f"{{__file__}}: the GAN course's package is not installed in this environment ({{error}}). "
                     "Install it where nbgrader runs: pip install -e <the course repository>") from error

c = get_config()  # noqa: F821 (nbgrader provides it)
# Students' code runs in a bubblewrap sandbox; where it cannot start, autograde stops and says why.
# To grade without it, students' code then running as you with your files open to it:
# configure(c, sandbox_mode="off")
configure(c)

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.ignore = {ignore!r}
{exchange}
# nbgrader zip_collect: an LMS download whose files are named <student>_<anything>_<lesson>.ipynb
# (put the zip in downloaded/<lesson>/archive/, then `nbgrader zip_collect <lesson>`)
c.FileNameCollectorPlugin.named_regexp = {regexp!r}
'''

STUDENT_CONFIG = '''\
"""nbgrader configuration for each student's Jupyter server (course {course_id}).

Copy it to /etc/jupyter/nbgrader_config.py on the students' servers (or each student's
~/.jupyter/). Their server also needs the course's package installed (it brings TensorFlow,
nbgrader and the lessons' helpers) and Fashion-MNIST (the Keras cache, Debian's
dataset-fashion-mnist, or FASHION_MNIST_DIR): see the course README, "nbgrader and JupyterHub".
"""

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = {course_id!r}
{exchange}'''


def quickstart(folder, course_id="gan-course", exchange=None, lessons=LESSONS, force=False):
    """Make FOLDER an nbgrader course root for LESSONS; return the paths written."""
    folder = Path(folder).resolve()
    config = folder / "nbgrader_config.py"
    if config.exists() and not force:
        raise SystemExit(f"{config} exists: {folder} is a course already (--force writes over its config and source/)")
    exchange_line = ""
    if exchange:
        exchange = Path(exchange).resolve()
        exchange_line = f"c.Exchange.root = {str(exchange)!r}\n"
        if not exchange.exists():
            # nbgrader's exchange: everyone writes, nobody deletes another's files
            exchange.mkdir(parents=True)
            exchange.chmod(0o777 | stat.S_ISVTX)
    written = []
    for lesson in lessons:
        target = folder / "source" / lesson
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(SOLUTIONS / lesson, target, ignore=shutil.ignore_patterns(*CLUTTER))
        written.append(target)
    config.write_text(CONFIG.format(course_id=course_id, ignore=list(CLUTTER), exchange=exchange_line,
                                    regexp=zip_regexp(lessons)))
    student = folder / "student_nbgrader_config.py"
    student.write_text(STUDENT_CONFIG.format(course_id=course_id, exchange=exchange_line))
    written += [config, student]
    shown = os.path.relpath(folder) if not os.path.relpath(folder).startswith("..") else str(folder)
    print(f"made {folder} an nbgrader course root ({course_id}): source/ has {', '.join(lessons)}")
    print(f"  cd {shown} && nbgrader generate_assignment {lessons[0]}  "
          f"(then release_assignment, collect, autograde, export; or the Formgrader)")
    print(f"  python -m autograder grade --course-root {shown}  (grades submitted/ in parallel)")
    print(f"  each student's server: {student.name} -> /etc/jupyter/nbgrader_config.py")
    return written
