"""python -m autograder {release,demo} — the course's grading entry point."""

import argparse
import sys
import time

from autograder.course import LESSONS, REPO, Course, dump_json, grade_table
from autograder.submissions import build_submission, load_variants

SAMPLES = REPO / "autograder" / "samples"


def release(lessons):
    course = Course()
    for lesson in lessons:
        path = course.release(lesson)
        print(f"released {path.relative_to(REPO)}")


def demo(lessons):
    """Release, then grade three built-in submissions per lesson and print the table."""
    import gancourse

    gancourse.prepare_fashion_mnist()
    course = Course()
    for lesson in lessons:
        course.release(lesson)
        samples = {"solution": build_submission(lesson)}
        for variant in load_variants(SAMPLES / lesson):
            samples[variant.name] = build_submission(lesson, variant)
        samples["blank_release"] = course.release_dir / lesson / f"{lesson}.ipynb"
        for student, notebook in samples.items():
            course.submit(lesson, student, notebook)
        timings = {}
        for student in samples:
            start = time.perf_counter()
            course.autograde(lesson, student)
            timings[student] = time.perf_counter() - start
        scores = {student: grades for student, grades in course.scores(lesson).items() if student in samples}
        print(f"\n{lesson}: grades from nbgrader's gradebook ({course.grading.relative_to(REPO)})")
        print(grade_table(scores))
        print("seconds to autograde: " + ", ".join(f"{s} {t:.0f}" for s, t in timings.items()))
        dump_json(scores, course.grading / f"demo_{lesson}.json")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    parser.add_argument("command", choices=["release", "demo"],
                        help="release: solutions/ -> course/; demo: release and grade samples")
    parser.add_argument("lessons", nargs="*", default=LESSONS, help=f"default: {' '.join(LESSONS)}")
    args = parser.parse_args(argv)
    unknown = set(args.lessons) - set(LESSONS)
    if unknown:
        parser.error(f"no such lesson: {', '.join(sorted(unknown))} (have {', '.join(LESSONS)})")
    {"release": release, "demo": demo}[args.command](args.lessons)


if __name__ == "__main__":
    sys.exit(main())
