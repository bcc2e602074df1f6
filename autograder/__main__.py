"""python -m autograder {workspace,check,release,demo,grade,train,quickstart,hub}: the course's entry point."""

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

from autograder import sandbox as sandboxing
from autograder.grading import CLASS_DIR, grade_class
from autograder.grading_config import MEMORY_LIMIT, NOTEBOOK_TIMEOUT
from autograder.course import COURSE, LESSONS, REPO, dump_json, grade_table, release_course
from autograder.submissions import build_submission, load_variants

SAMPLES = REPO / "autograder" / "samples"


def release(lessons):
    for lesson in lessons:
        path = release_course(lesson)
        print(f"released {path.relative_to(REPO)}")


def demo(lessons):
    """Release, then grade each lesson's samples as a class, through the grading engine: the
    solution, the samples of autograder/samples/ and the untouched release. Print each lesson's
    table; feedback, grades.csv and the report go to build/demo/."""
    import gancourse

    gancourse.prepare_fashion_mnist()
    release(lessons)
    sandbox = sandboxing.wanted(whose="the course's own sample submissions")
    demo_dir = REPO / "build" / "demo"
    shutil.rmtree(demo_dir, ignore_errors=True)
    for lesson in lessons:
        samples = {"solution": build_submission(lesson)}
        samples.update({variant.name: build_submission(lesson, variant) for variant in load_variants(SAMPLES / lesson)})
        samples["blank_release"] = COURSE / lesson / f"{lesson}.ipynb"
        for student, notebook in samples.items():
            target = demo_dir / "submissions" / student / lesson / f"{lesson}.ipynb"
            target.parent.mkdir(parents=True)
            shutil.copyfile(notebook, target) if isinstance(notebook, Path) else nbformat.write(notebook, target)
    results = grade_class(demo_dir / "submissions", demo_dir, sandbox=sandbox)
    for lesson in lessons:
        graded = [result for result in results if result.lesson == lesson]
        scores = {result.student: result.tests for result in graded}
        print(f"\n{lesson}: grades from nbgrader ({demo_dir.relative_to(REPO)}/, its feedback in feedback/)")
        print(grade_table(scores))
        print("seconds to autograde: " + ", ".join(f"{result.student} {result.seconds:.0f}" for result in graded))
        dump_json(scores, demo_dir / f"grades_{lesson}.json")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    parser.add_argument("command", choices=["workspace", "check", "release", "demo", "grade", "train", "quickstart", "hub"],
                        help="workspace: copy the lessons you do not have yet into work/; "
                             "check: grade your notebooks (default: work/'s) with the hidden tests; "
                             "release: solutions/ -> course/; demo: release and grade samples; "
                             "grade: grade a class; train: run the instructor notebooks at full length; "
                             "quickstart DIR [LESSON...]: make DIR an nbgrader course root for the lessons; "
                             "hub: the course on a JupyterHub here, an instructor and students as Unix users (root)")
    parser.add_argument("--reset", action="append", default=[], metavar="LESSON",
                        help="workspace: move your notebook of LESSON aside (timestamped) and copy a fresh one")
    parser.add_argument("--submissions", help="grade: a folder <student>/<lesson>/*.ipynb, or an LMS zip "
                                              "of <student>_<lesson>.ipynb files")
    parser.add_argument("--course-root", metavar="DIR",
                        help="grade: grade DIR's submitted/ (an nbgrader course root) into DIR's gradebook")
    parser.add_argument("--course-id", default="gan-course", help="quickstart: nbgrader's course_id")
    parser.add_argument("--exchange", metavar="PATH", help="quickstart: nbgrader's exchange folder (Exchange.root)")
    parser.add_argument("--force", action="store_true", help="quickstart: write over DIR's config and source/")
    parser.add_argument("--ip", default="127.0.0.1", help="hub: the address it listens on (0.0.0.0: every interface)")
    parser.add_argument("--port", type=int, default=8000, help="hub: its port")
    parser.add_argument("--remove", action="store_true", help="hub: delete the accounts it made and build/hub/")
    parser.add_argument("--workers", type=int, help="grade: notebooks graded at once (default: the cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="grade: on Dask distributed, at a scheduler (tcp://HOST:PORT), or 'local' for a "
                             "LocalCluster of --workers processes")
    parser.add_argument("--cell-timeout", type=int, help="grade: seconds per cell (default: the course config's)")
    parser.add_argument("--notebook-timeout", type=int, default=NOTEBOOK_TIMEOUT, help="grade: seconds per notebook")
    parser.add_argument("--memory-gb", type=float, default=MEMORY_LIMIT / 1024 ** 3,
                        help="grade: address space of each kernel, in GiB")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="grade, check: run students' code outside the sandbox (as you, with your files open "
                             "to it); the report says so")
    parser.add_argument("--quick", action="store_true", help="train: a few steps only, as under grading")
    parser.add_argument("--no-seed-recipe", action="store_true",
                        help="train: skip the seed's recipe rows (lessons 01 and 02: 35 of make train's 70 minutes)")
    parser.add_argument("--out", help="grade, train: the folder for the results "
                                      "(default: build/class, build/train)")
    parser.add_argument("lessons", nargs="*", default=LESSONS,
                        help=f"lessons (default: {' '.join(LESSONS)}); check: notebooks (default: work/'s)")
    args = parser.parse_intermixed_args(argv)
    if args.command == "check":
        from autograder.student import check

        check(args.lessons if args.lessons != LESSONS else (), sandbox=False if args.no_sandbox else None)
        return 0
    if args.command == "quickstart":
        from autograder.quickstart import quickstart

        if not args.lessons or args.lessons == LESSONS:
            parser.error("quickstart needs DIR, the folder to make a course root")
        unknown = set(args.lessons[1:]) - set(LESSONS)
        if unknown:
            parser.error(f"no such lesson: {', '.join(sorted(unknown))} (have {', '.join(LESSONS)})")
        quickstart(args.lessons[0], args.course_id, args.exchange, args.lessons[1:] or LESSONS, force=args.force)
        return 0
    if args.command == "hub":
        from autograder import hub

        hub.remove() if args.remove else hub.serve(ip=args.ip, port=args.port)
        return 0
    unknown = (set(args.lessons) | set(args.reset)) - set(LESSONS)
    if unknown:
        parser.error(f"no such lesson: {', '.join(sorted(unknown))} (have {', '.join(LESSONS)})")
    if args.command == "grade":
        if bool(args.submissions) == bool(args.course_root):
            parser.error("grade needs --submissions FOLDER_OR_ZIP, or --course-root DIR")
        options = dict(workers=args.workers, scheduler=args.scheduler, cell_timeout=args.cell_timeout,
                       notebook_timeout=args.notebook_timeout,
                       memory_limit=int(args.memory_gb * 1024 ** 3), sandbox=False if args.no_sandbox else None)
        if args.course_root:
            from autograder.grading import grade_course_root

            grade_course_root(args.course_root, out_dir=args.out, **options)
        else:
            grade_class(args.submissions, out_dir=args.out or CLASS_DIR, **options)
    elif args.command == "workspace":
        from autograder.student import workspace

        workspace(args.lessons, reset=args.reset)
    elif args.command == "train":
        from autograder.training import LESSONS as TRAINED, TRAIN_DIR, train

        train([lesson for lesson in args.lessons if lesson in TRAINED], quick=args.quick,
              train_dir=args.out or TRAIN_DIR, seed_recipe=not args.no_seed_recipe)
    else:
        {"release": release, "demo": demo}[args.command](args.lessons)


if __name__ == "__main__":
    sys.exit(main())
