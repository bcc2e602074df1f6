"""How long does grading a class take on this machine?

    python benchmarks/grading.py [--students 100] [--workers N] [--skip-serial] [--dask]
    python benchmarks/grading.py --baseline REV [--repeats 3] [--students 4]
    python benchmarks/grading.py --baseline-python PYTHON [--repeats 3] [--students 4]
    python benchmarks/grading.py --no-sandbox-baseline [--repeats 3] [--students 4]

Builds a synthetic class: every student submits every lesson, as the solution, the blank
release or one of the lesson's wrong variants (tests/variants/), in turn. Then, in one run:

- the floor: starting a kernel and importing TensorFlow, the least any notebook costs;
- nbgrader's start-up: a new ``python -m nbgrader`` process against a run forked from the
  server that has imported nbgrader (``autograder.course.nbgrader``);
- one notebook as nbgrader grades it (the solution, its hidden tests included, in quick
  mode): its cells' seconds, slowest first, and the CPU seconds its kernel used, TensorFlow's
  threads and the import included;
- ``python -m autograder grade`` on the class with 1 worker and with N workers: the total
  and the seconds per notebook; with ``--dask``, also on a Dask LocalCluster of N workers
  (``--scheduler local``): Dask's overhead per notebook, and a projection to a larger class.

``--baseline REV`` times instead, in the same run and alternating (this machine's speed
varies from hour to hour; runs in one go compare), the code of git revision REV against
today's:

- each lesson's solution as graded, as above: how a change to a lesson moves its time;
- a synthetic class of ``--students`` (4) graded by REV's own ``python -m autograder grade``
  and by today's, with the same submissions: the whole of a change, nbgrader's config
  included, and whether the scores stay the same.

Each version runs with its own ``gancourse`` package, so helper changes count too.

``--baseline-python PYTHON`` grades the same synthetic class with another interpreter, a
venv's ``python`` with this project installed, and with this one, alternating: grading is
CPU-bound Python, and how the interpreter was built shows (README, "How long it takes").
nbgrader, its server and the kernels all run on the interpreter that runs the command.

``--no-sandbox-baseline`` grades the same synthetic class with the kernels in the sandbox
(autograder/sandbox.py, today's default) and without it (``GANCOURSE_SANDBOX=off``, what
``--no-sandbox`` does), alternating: what the sandbox costs a notebook.

Prints a table and writes build/benchmarks/grading.json (grading_baseline.json with
``--baseline``, grading_python.json with ``--baseline-python``, grading_sandbox.json with
``--no-sandbox-baseline``). It makes no timing assertions.
"""

import argparse
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402

from autograder.course import COURSE, LESSONS, SOLUTIONS  # noqa: E402
from autograder.preprocessors import last_graded_index  # noqa: E402
from autograder.submissions import build_submission, load_variants  # noqa: E402

OUT = REPO / "build" / "benchmarks"


def build_class(folder, students):
    """STUDENTS students x every lesson, cycling through solution, blank and wrong variants."""
    kinds = {lesson: [None, "blank"] + [variant for variant in load_variants(REPO / "tests" / "variants" / lesson)
                                        if variant.name.startswith("wrong_")] for lesson in LESSONS}
    for number in range(students):
        for lesson in LESSONS:
            kind = kinds[lesson][number % len(kinds[lesson])]
            if kind == "blank":
                notebook = nbformat.read(COURSE / lesson / f"{lesson}.ipynb", as_version=4)
            else:
                notebook = build_submission(lesson, kind)
            target = folder / f"student{number:03d}" / lesson / f"{lesson}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
    return students * len(LESSONS)


def floor_seconds(repeats=3):
    """Median seconds to start a kernel and import TensorFlow in it."""
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import tensorflow as tf")])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        NotebookClient(notebook, timeout=120).execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def nbgrader_start_seconds(repeats=3):
    """Median seconds of ``nbgrader --version``: a new process, and one forked from the server."""
    from autograder.course import nbgrader

    def median_of(run):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    nbgrader("--version")  # starts this thread's server
    return {"new process": median_of(lambda: subprocess.run([sys.executable, "-m", "nbgrader", "--version"],
                                                            check=True, capture_output=True)),
            "forked from the server": median_of(lambda: nbgrader("--version"))}


KERNEL_CPU = "import resource\nusage = resource.getrusage(resource.RUSAGE_SELF)\nprint(usage.ru_utime + usage.ru_stime)"


def cell_seconds(lesson, revision=None):
    """The solution as nbgrader grades it, in quick mode: seconds per cell, slowest first, and
    the CPU seconds of its kernel (start, import and all cells; all threads). The solution as
    it is now, or at git revision ``revision``."""
    from nbclient import NotebookClient

    # solutions/ holds the notebook as autograde runs a full-marks submission: solution
    # code and hidden tests (the release strips the hidden tests; nbgrader restores them)
    tree = _tree_at(revision) if revision else REPO
    notebook = nbformat.read(tree / "solutions" / lesson / f"{lesson}.ipynb", as_version=4)
    kernel_env = dict(os.environ, PYTHONPATH=str(tree))  # its gancourse, ahead of the installed one
    # since autograder/execute.py (now preprocessors.py), autograde runs no cell after the last test
    stops_early = any((tree / "autograder" / name).exists() for name in ("execute.py", "preprocessors.py"))
    last_run = last_graded_index(notebook.cells) if stops_early else math.inf
    folder = OUT / "cells" / lesson
    shutil.copytree(SOLUTIONS / lesson, folder, dirs_exist_ok=True)  # the images the notebook shows
    client = NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(folder)}})
    times = {}
    with client.setup_kernel(env=kernel_env):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code" and index <= last_run:
                start = time.perf_counter()
                client.execute_cell(cell, index)
                times[cell.id] = time.perf_counter() - start
        probe = nbformat.v4.new_code_cell(KERNEL_CPU)
        notebook.cells.append(probe)
        client.execute_cell(probe, len(notebook.cells) - 1)
    cpu = float(probe.outputs[0]["text"])
    return dict(sorted(times.items(), key=lambda item: -item[1])), cpu


def _tree_at(revision):
    """A folder holding the repository's files as they were at git revision REVISION."""
    folder = OUT / "baseline" / revision
    if not (folder / "autograder").is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", revision], cwd=REPO, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def grade(folder, out, workers, revision=None, python=sys.executable, sandbox=True, scheduler=None):
    """Seconds for ``PYTHON -m autograder grade`` on FOLDER: today's, or REVISION's command and helpers;
    with ``sandbox=False``, the kernels run outside the sandbox; with SCHEDULER, on Dask."""
    tree = _tree_at(revision) if revision else REPO
    env = dict(os.environ, PYTHONPATH=str(tree))
    if not sandbox:
        env["GANCOURSE_SANDBOX"] = "off"
    start = time.perf_counter()
    dask = [f"--scheduler={scheduler}"] if scheduler else []
    subprocess.run([python, "-m", "autograder", "grade", f"--submissions={folder}", f"--out={out}",
                    f"--workers={workers}", *dask], cwd=tree, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL if scheduler else None, env=env)
    return time.perf_counter() - start


def compare_with(revision, repeats):
    """Each lesson's cells as graded at REVISION and now, alternating; medians of REPEATS."""
    print(f"a full-marks notebook as graded (hidden tests included, quick mode), {repeats} runs each, alternating:")
    print(f"{'lesson':<16}{'cells at ' + revision:>20}{'now':>10}{'kernel CPU at ' + revision:>26}{'now':>10}")
    report = {}
    for lesson in LESSONS:
        runs = {revision: [], "now": []}
        for _ in range(repeats):
            for version in runs:
                times, cpu = cell_seconds(lesson, None if version == "now" else revision)
                runs[version].append((sum(times.values()), cpu))
        cells = {version: statistics.median(total for total, _ in results) for version, results in runs.items()}
        cpu = {version: statistics.median(used for _, used in results) for version, results in runs.items()}
        print(f"{lesson:<16}{cells[revision]:>18.1f} s{cells['now']:>8.1f} s"
              f"{cpu[revision]:>24.1f} s{cpu['now']:>8.1f} s")
        report[lesson] = {"cell_seconds": cells, "kernel_cpu_seconds": cpu}
    return report


def compare_class(versions, repeats, students, workers):
    """The same synthetic class graded by each of VERSIONS, alternating.

    VERSIONS maps a name to ``grade``'s options: ``revision`` (REV's command and helpers
    instead of today's) and ``python`` (another interpreter)."""
    folder = OUT / f"class_{students}"
    notebooks = build_class(folder / "submissions", students)
    print(f"\n{notebooks} notebooks graded with {workers} workers, {repeats} run(s) each, alternating:")
    outs = {name: folder / f"version{index}" for index, name in enumerate(versions)}
    runs = {name: [] for name in versions}
    for _ in range(repeats):
        for name, options in versions.items():
            runs[name].append(grade(folder / "submissions", outs[name], workers, **options))
    scores = [_scores(out / "grades.csv") for out in outs.values()]
    for name, seconds in runs.items():
        print(f"  {name:<10} " + ", ".join(f"{total:.1f} s" for total in seconds)
              + f"; median {statistics.median(seconds) / notebooks:.2f} s a notebook")
    same = all(other == scores[0] for other in scores)
    print(f"  the same scores: {'yes' if same else 'NO'}")
    return {"notebooks": notebooks, "workers": workers, "seconds": runs, "same_scores": same}


def interpreter(python):
    """PYTHON's version and the path it really runs (a venv's python is a link to it)."""
    return subprocess.run([python, "-c", "import os, sys; print(sys.version.split()[0], os.path.realpath(sys.executable))"],
                          check=True, capture_output=True, text=True).stdout.strip()


def _scores(grades_csv):
    with open(grades_csv) as handle:
        return {(row["student"], row["lesson"]): row["score"] for row in csv.DictReader(handle)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, help="class size (default: 100; 4 with --baseline or --baseline-python)")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--skip-serial", action="store_true", help="grade only with --workers")
    parser.add_argument("--dask", action="store_true",
                        help="also grade the class on a Dask LocalCluster of --workers workers: its overhead, and a "
                             "projection to a 5,000 x 5 class")
    parser.add_argument("--baseline", metavar="REV",
                        help="compare with git revision REV instead: the lessons' cells, and a class graded by each")
    parser.add_argument("--baseline-python", metavar="PYTHON",
                        help="compare with another interpreter instead (a venv with this project): a class graded by each")
    parser.add_argument("--no-sandbox-baseline", action="store_true",
                        help="compare grading with the sandbox and without it instead: a class graded each way")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each version with --baseline, "
                                                                "--baseline-python or --no-sandbox-baseline")
    args = parser.parse_args(argv)
    if args.no_sandbox_baseline:
        report = {"class": compare_class({"no sandbox": {"sandbox": False}, "sandbox": {}},
                                         args.repeats, args.students or 4, args.workers)}
        (OUT / "grading_sandbox.json").write_text(json.dumps(report, indent=2))
        print(f"\nwrote {OUT / 'grading_sandbox.json'}")
        return
    if args.baseline_python:
        pythons = {"baseline": args.baseline_python, "this": sys.executable}
        report = {"interpreters": {name: f"{python}: Python {interpreter(python)}" for name, python in pythons.items()}}
        print("\n".join(f"{name}: {described}" for name, described in report["interpreters"].items()))
        report["class"] = compare_class({name: {"python": python} for name, python in pythons.items()},
                                        args.repeats, args.students or 4, args.workers)
        (OUT / "grading_python.json").write_text(json.dumps(report, indent=2))
        print(f"\nwrote {OUT / 'grading_python.json'}")
        return
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # quick mode for cell_seconds
    if args.baseline:
        report = compare_with(args.baseline, args.repeats)
        del os.environ["NBGRADER_EXECUTION"]
        report["class"] = compare_class({args.baseline: {"revision": args.baseline}, "now": {}},
                                        args.repeats, args.students or 4, args.workers)
        (OUT / "grading_baseline.json").write_text(json.dumps(report, indent=2))
        print(f"\nwrote {OUT / 'grading_baseline.json'}")
        return
    args.students = args.students or 100
    folder = OUT / f"class_{args.students}"
    notebooks = build_class(folder / "submissions", args.students)
    floor = floor_seconds()
    start_up = nbgrader_start_seconds()
    graded = {lesson: cell_seconds(lesson) for lesson in LESSONS}
    cells = {lesson: times for lesson, (times, _) in graded.items()}
    kernel_cpu = {lesson: cpu for lesson, (_, cpu) in graded.items()}
    del os.environ["NBGRADER_EXECUTION"]
    runs = {} if args.skip_serial else {1: grade(folder / "submissions", folder / "serial", 1)}
    runs[args.workers] = grade(folder / "submissions", folder / "parallel", args.workers)
    if args.dask:  # the same class on a Dask LocalCluster of as many single-threaded workers
        runs[f"{args.workers} on Dask"] = grade(folder / "submissions", folder / "dask", args.workers,
                                                scheduler="local")

    print(f"class: {args.students} students x {len(LESSONS)} lessons = {notebooks} notebooks, "
          f"{os.cpu_count()} cores")
    print(f"floor, kernel start + import tensorflow: {floor:.1f} s")
    print("nbgrader start-up, twice per notebook: " + ", ".join(f"{how} {seconds:.2f} s" for how, seconds in start_up.items()))
    print("a full-marks notebook as graded (hidden tests included, quick mode):")
    for lesson, times in cells.items():
        top = ", ".join(f"{cell} {seconds:.1f}" for cell, seconds in list(times.items())[:5])
        print(f"  {lesson}: cells {sum(times.values()):.1f} s, kernel CPU {kernel_cpu[lesson]:.1f} s; "
              f"slowest cells: {top}")
    print(f"\n{'workers':>7}{'total':>10}{'s/notebook':>12}{'100 x 3 at this rate':>22}")
    for workers, seconds in runs.items():
        print(f"{workers:>7}{seconds / 60:>8.1f} m{seconds / notebooks:>12.1f}"
              f"{seconds / notebooks * 300 / 60:>20.1f} m")
    dask = runs.get(f"{args.workers} on Dask")
    if dask:
        local = runs[args.workers]
        worker_seconds = dask * args.workers / notebooks
        print(f"\nDask's overhead: {(dask - local) / notebooks:+.2f} s a notebook ({dask / local - 1:+.1%}) against "
              f"the local workers, same run. A worker spends {worker_seconds:.1f} s on a notebook.")
        print("Projection, not a measurement: 5,000 students x 5 lessons (25,000 notebooks) at that cost per "
              "notebook, with no other bottleneck: " + ", ".join(
                  f"{count} workers {25_000 * worker_seconds / count / 3600:.1f} h" for count in (8, 32, 128, 512)))
    report = {"students": args.students, "notebooks": notebooks, "cores": os.cpu_count(), "floor_seconds": floor,
              "nbgrader_start_seconds": start_up,
              "cell_seconds": cells, "kernel_cpu_seconds": kernel_cpu, "grading_seconds": {str(k): v for k, v in runs.items()}}
    (OUT / "grading.json").write_text(json.dumps(report, indent=2))
    print(f"\nwrote {OUT / 'grading.json'}")


if __name__ == "__main__":
    main()
