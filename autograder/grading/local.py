"""The grading engine, part two: the executor on this machine, N workers side by side.

Each worker owns a course folder with its own gradebook and grades its share of the students
one ``nbgrader autograde`` at a time, so that no two processes ever write to one SQLite file
and no grade can reach the wrong student. A worker whose course folder a notebook damaged is
rebuilt, that notebook gets 0 and a flag, and the worker's students graded before it are graded
again.
"""

from concurrent.futures import ThreadPoolExecutor

from autograder.course import SOLUTIONS
from autograder.grading.notebook import Result, course_damage, fresh_course, grade_safely, with_feedback

def grade_here(submissions, out_dir, workers, limits, sandbox, lessons_dir):
    """Grade SUBMISSIONS with WORKERS threads, each a course folder of its own under OUT_DIR."""
    students = sorted({submission.student for submission in submissions})
    # all of a student's lessons go to one worker, in a fixed order
    shares = [[s for s in submissions if students.index(s.student) % workers == index]
              for index in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        graded = pool.map(lambda index: _grade_share(out_dir / "workers" / f"worker{index}", shares[index],
                                                     out_dir, limits, sandbox, lessons_dir),
                          range(workers))
        return [result for share in graded for result in share]



def _grade_share(folder, submissions, out_dir, limits, sandbox=True, lessons_dir=SOLUTIONS):
    """Grade SUBMISSIONS one by one in the course folder FOLDER; check the folder after each.

    A notebook after which the folder is damaged gets 0 and a flag; the folder is rebuilt and
    the notebooks graded in it before are graded again (their grades were in it)."""
    lessons = sorted({submission.lesson for submission in submissions})
    course, max_scores = fresh_course(folder, lessons, sandbox, lessons_dir)
    results, queue = {}, list(range(len(submissions)))
    while queue:
        index = queue.pop(0)
        submission = submissions[index]
        results[index] = grade_safely(course, submission, out_dir, limits)
        damage = course_damage(course, lessons, max_scores)
        if damage:
            reason = f"its code damaged the grader's course folder ({damage}): graded 0"
            results[index] = Result(submission.student, submission.lesson, 0, max_scores[submission.lesson], {},
                                    "; ".join([*submission.notes, reason]), results[index].seconds,
                                    [*submission.flags, ("its code", f"damaged the grading folder: {damage}")])
            course, _ = fresh_course(folder, lessons, sandbox, lessons_dir)
            queue = [done for done in results if done != index and results[done].tests] + queue
    ordered = [results[index] for index in range(len(submissions))]
    return [result for lesson in lessons
            for result in with_feedback(course, [r for r in ordered if r.lesson == lesson], out_dir)]
