"""The grading engine, part two: the executor on this machine, N workers side by side.

Each worker owns a course folder with its own gradebook and grades one ``nbgrader autograde``
at a time, so that no two processes ever write to one SQLite file and no grade can reach the
wrong student. A worker takes the next student from one queue when it is free (all of that
student's lessons), so that a slow notebook holds up no one queued behind it. A worker whose
course folder a notebook damaged is rebuilt, that notebook gets 0 and a flag, and the worker's
students graded before it are graded again.
"""

import queue
from concurrent.futures import ThreadPoolExecutor

from autograder.grading.notebook import Result, course_damage, fresh_course, grade_safely, with_feedback


def grade_here(submissions, out_dir, workers, limits, sandbox, lessons_dir):
    """Grade SUBMISSIONS with WORKERS threads, each a course folder of its own under OUT_DIR."""
    students = queue.SimpleQueue()
    for student in sorted({submission.student for submission in submissions}):
        students.put([submission for submission in submissions if submission.student == student])
    lessons = sorted({submission.lesson for submission in submissions})
    with ThreadPoolExecutor(workers) as pool:
        graded = pool.map(lambda index: _worker(out_dir / "workers" / f"worker{index}", students, lessons,
                                                out_dir, limits, sandbox, lessons_dir),
                          range(workers))
        return [result for share in graded for result in share]


def _worker(folder, students, lessons, out_dir, limits, sandbox, lessons_dir):
    """Grade the students taken from the queue STUDENTS, one notebook at a time, in the course
    folder FOLDER; check the folder after each notebook.

    A notebook after which the folder is damaged gets 0 and a flag; the folder is rebuilt and
    the notebooks graded in it before are graded again (their grades were in it)."""
    course = None  # made when the first student comes: a worker may get none
    graded, todo = [], []  # graded: (submission, result) in the order graded
    while True:
        if not todo:
            try:
                todo = students.get_nowait()  # all of a student's lessons
            except queue.Empty:
                break
        if course is None:
            course, max_scores = fresh_course(folder, lessons, sandbox, lessons_dir)
        submission = todo.pop(0)
        result = grade_safely(course, submission, out_dir, limits)
        damage = course_damage(course, lessons, max_scores)
        if damage:
            reason = f"its code damaged the grader's course folder ({damage}): graded 0"
            result = Result(submission.student, submission.lesson, 0, max_scores[submission.lesson], {},
                            "; ".join([*submission.notes, reason]), result.seconds,
                            [*submission.flags, ("its code", f"damaged the grading folder: {damage}")])
            course, _ = fresh_course(folder, lessons, sandbox, lessons_dir)
            todo = [earlier for earlier, done in graded if done.tests] + todo
            graded = [(earlier, done) for earlier, done in graded if not done.tests]
        graded.append((submission, result))
    results = [result for _, result in graded]
    if course is None:
        return []
    return [result for lesson in lessons
            for result in with_feedback(course, [r for r in results if r.lesson == lesson], out_dir)]
