"""python -m autograder {release,demo,train}: the course's grading entry point."""

import argparse
import os
import shutil
import sys
import time

from autograder.course import LESSONS, REPO, Course, dump_json, grade_table, release_course
from autograder.submissions import build_submission, load_variants

SAMPLES = REPO / "autograder" / "samples"


def release(lessons):
    for lesson in lessons:
        path = release_course(lesson)
        print(f"released {path.relative_to(REPO)}")


def demo(lessons):
    """Release, then grade three built-in submissions per lesson and print the table."""
    import gancourse

    gancourse.prepare_fashion_mnist()
    release(lessons)
    demo_dir = REPO / "build" / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)  # a fresh gradebook each time
    course = Course(demo_dir)
    for lesson in lessons:
        course.release(lesson)
        samples = {"solution": build_submission(lesson, release_dir=course.release_dir)}
        for variant in load_variants(SAMPLES / lesson):
            samples[variant.name] = build_submission(lesson, variant, release_dir=course.release_dir)
        samples["blank_release"] = course.release_dir / lesson / f"{lesson}.ipynb"
        for student, notebook in samples.items():
            course.submit(lesson, student, notebook)
        timings = {}
        for student in samples:
            start = time.perf_counter()
            course.autograde(lesson, student)
            timings[student] = time.perf_counter() - start
        scores = course.scores(lesson)
        print(f"\n{lesson}: grades from nbgrader's gradebook ({demo_dir.relative_to(REPO)})")
        print(grade_table(scores))
        print("seconds to autograde: " + ", ".join(f"{s} {t:.0f}" for s, t in timings.items()))
        dump_json(scores, demo_dir / f"grades_{lesson}.json")


def train(lessons, quick=False):
    """Execute the instructor notebooks, full length unless ``quick``, into build/train/."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ["GANCOURSE_QUICK"] = "1" if quick else "0"
    for lesson in lessons:
        out_dir = REPO / "build" / "train" / lesson
        out_dir.mkdir(parents=True, exist_ok=True)
        notebook = nbformat.read(REPO / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
        client = NotebookClient(notebook, timeout=None, resources={"metadata": {"path": str(out_dir)}})
        code_cells = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
        start = time.perf_counter()
        with client.setup_kernel():
            for number, index in enumerate(code_cells, 1):
                cell = notebook.cells[index]
                cell_start = time.perf_counter()
                print(f"{lesson} [{number}/{len(code_cells)}] {cell.id} ...", end=" ", flush=True)
                client.execute_cell(cell, index)
                print(f"{time.perf_counter() - cell_start:.0f} s", flush=True)
        nbformat.write(notebook, out_dir / f"{lesson}.ipynb")
        html, _ = HTMLExporter().from_notebook_node(notebook)
        (out_dir / f"{lesson}.html").write_text(html)
        print(f"{lesson}: {time.perf_counter() - start:.0f} s; notebook, HTML and images in {out_dir.relative_to(REPO)}/")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    parser.add_argument("command", choices=["release", "demo", "train"],
                        help="release: solutions/ -> course/; demo: release and grade samples; "
                             "train: run the instructor notebooks at full length")
    parser.add_argument("--quick", action="store_true", help="train: a few steps only, as under grading")
    parser.add_argument("lessons", nargs="*", default=LESSONS, help=f"default: {' '.join(LESSONS)}")
    args = parser.parse_args(argv)
    unknown = set(args.lessons) - set(LESSONS)
    if unknown:
        parser.error(f"no such lesson: {', '.join(sorted(unknown))} (have {', '.join(LESSONS)})")
    if args.command == "train":
        train(args.lessons, quick=args.quick)
    else:
        {"release": release, "demo": demo}[args.command](args.lessons)


if __name__ == "__main__":
    sys.exit(main())
