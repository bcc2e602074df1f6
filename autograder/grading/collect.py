"""The grading engine, part one: collect a class's submissions (autograder/grading/__init__.py).

SUBMISSIONS is a folder ``<student>/<lesson>/*.ipynb`` or an LMS download: a zip of
notebooks whose file names carry the student id and the lesson, ``<student>_<lesson>.ipynb``
(anything may sit between the two, e.g. ``alice_attempt_2026-11-20_01_dense_gan.ipynb``).
What nbgrader cannot grade (a corrupt or empty file, a wrong file name, a missing lesson)
becomes a Submission without a notebook and with the reason, graded 0; code that changes how
later cells run is flagged for the report (autograder/tricks.py).
"""

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course import LESSONS
from autograder.tricks import tricks

ZIP_NAME = re.compile(rf"(?P<student>[A-Za-z0-9.-]+)_(?:.*_)?(?P<lesson>{'|'.join(LESSONS)})\.ipynb$")



@dataclass
class Submission:
    student: str
    lesson: str
    notebook: Path = None            # None when there is nothing nbgrader can grade
    notes: list = field(default_factory=list)  # what the student should know, e.g. a rename
    flags: list = field(default_factory=list)  # (cell, what it does) for the instructor to look at



def collect(source, scratch, lessons=LESSONS):
    """The class's submissions of LESSONS, one per student and lesson, sorted by student then lesson."""
    source = Path(source)
    if zipfile.is_zipfile(source):
        return _collect_zip(source, Path(scratch))
    if not source.is_dir():
        raise SystemExit(f"{source}: neither a folder of submissions nor a zip file")
    submissions = []
    for student_dir in sorted(path for path in source.iterdir() if path.is_dir()):
        for lesson_dir in sorted(path for path in student_dir.iterdir() if path.is_dir()):
            if lesson_dir.name not in lessons:
                print(f"skipped {lesson_dir}: no lesson {lesson_dir.name!r} (have {', '.join(lessons)})")
                continue
            submissions.append(check_submission(student_dir.name, lesson_dir.name,
                                      sorted(lesson_dir.glob("*.ipynb")), scratch))
    return submissions



def _collect_zip(archive, scratch):
    folder = scratch / "unzipped"
    found = {}
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            name = Path(member.filename).name
            match = ZIP_NAME.search(name)
            if member.is_dir() or not name.endswith(".ipynb"):
                continue
            if not match:
                print(f"skipped {member.filename}: no <student>_<lesson>.ipynb in its name")
                continue
            target = folder / match["student"] / match["lesson"] / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zipped.read(member))
            found.setdefault((match["student"], match["lesson"]), []).append(target)
    submissions = []
    for (student, lesson), notebooks in sorted(found.items()):
        # the LMS names files itself; of several attempts, the last in name order is the latest
        latest = sorted(notebooks)[-1]
        target = latest.with_name(f"{lesson}.ipynb")
        latest.rename(target)
        submission = check_submission(student, lesson, [target], scratch)
        if len(notebooks) > 1:
            submission.notes.insert(0, f"{len(notebooks)} notebooks in the zip: graded the latest, {latest.name}")
        submissions.append(submission)
    return submissions



def check_submission(student, lesson, notebooks, scratch):
    """A Submission whose notebook nbgrader can at least read, or a reason why not."""
    submission = Submission(student, lesson)
    expected = f"{lesson}.ipynb"
    named = [path for path in notebooks if path.name == expected]
    if named:
        notebook = named[0]
    elif len(notebooks) == 1:
        notebook = notebooks[0]
        submission.notes.append(f"graded {notebook.name} as {expected}")
    else:
        names = ", ".join(path.name for path in notebooks) or "no notebook"
        submission.notes.append(f"expected {expected}, found {names}")
        return submission
    if notebook.stat().st_size == 0:
        submission.notes.append(f"{notebook.name} is an empty file")
        return submission
    try:
        content = nbformat.read(notebook, as_version=4)
        nbformat.validate(content)
    except Exception as error:  # bad JSON, or JSON that is not a notebook
        summary = str(error).strip().splitlines()[0][:200]
        submission.notes.append(f"{notebook.name} is not a readable notebook: {summary}")
        return submission
    if _drop_duplicated_ids(content):
        # nbgrader 0.9.6 would clear the copies' metadata itself, then crash on them in
        # add_missing_cells (KeyError: 'grade_id'): hand it the repaired notebook instead
        notebook = Path(scratch) / "repaired" / student / lesson / expected
        notebook.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(content, notebook)
        submission.notes.append("duplicated cells (the same grade_id): graded the last copy of each")
    submission.notebook = notebook
    submission.flags = tricks(content)
    return submission



def _drop_duplicated_ids(notebook):
    """Make all but the last cell with each grade_id plain cells, as nbgrader's DeduplicateIds means to."""
    seen, dropped = set(), False
    for cell in reversed(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            dropped = True
        elif grade_id:
            seen.add(grade_id)
    return dropped
