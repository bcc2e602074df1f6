"""The grading engine, part two: the executor on Dask distributed (``--scheduler ADDRESS``).

Each (student, lesson) is one Dask task, handed to the cluster as a worker thread frees up, with
the worker that has the most free threads as its first choice. Dask's scheduler alone puts a
task on a worker that holds its input (the lesson's files): given every task at once, it put 4 of
5 notebooks on one of two workers while the other stood idle (measured). The task carries what grading needs: the submitted
notebook's bytes and the lesson's source files, so that workers need no file system shared
with this machine. A worker grades it as the local grader does (autograder/grading/notebook.py:
``grade_safely``, nbgrader autograde in the sandbox, under the same caps) in a course folder of
its own, with its own gradebook, kept between its tasks. The task returns the Result and the
files it wrote (feedback, nbgrader's log); this process writes grades.csv, grades.json,
feedback and report.txt, as a local run does.

Faults:

- a worker that dies mid-task: Dask runs its tasks again on another worker. The grade is taken
  from the task's one result, so no grade is lost or recorded twice. A task that took down
  ``distributed.scheduler.allowed-failures`` workers (3) gets 0 with that reason;
- a submission whose kernel dies is a grade (autograder/preprocessors.py), not a failed task:
  nothing is retried;
- a submission that damages the worker's course folder gets 0 and a flag, and the worker
  rebuilds the folder before its next task. The grades it returned before stand: each task
  reads its grade from the gradebook as soon as it is graded.

Every worker needs this package installed, Fashion-MNIST and bubblewrap, as this machine does.
"""

import collections
import hashlib
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from autograder.grading.collect import Submission
from autograder.grading.notebook import Result, course_damage, fresh_course, grade_safely, with_feedback

_worker_courses = {}  # (thread, lessons' digest) -> (Course, max scores): a worker's course folders


def grade_on_dask(submissions, out_dir, scheduler, workers, limits, sandbox, lessons_dir):
    """Grade SUBMISSIONS on the Dask cluster at SCHEDULER ("local": a LocalCluster of WORKERS
    processes); write each task's files under OUT_DIR. Returns (results, worker threads)."""
    from distributed import Client, LocalCluster, as_completed
    from tqdm import tqdm

    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        cluster, client = None, Client(scheduler, timeout=30)
    try:
        threads = sum(worker["nthreads"] for worker in client.scheduler_info()["workers"].values())
        dashboard = client.scheduler_info().get("services", {}).get("dashboard")
        print(f"Dask: {client.scheduler.address}, {threads} worker threads"
              + (f", dashboard {client.dashboard_link}" if dashboard else ""))
        lessons = {}
        for lesson in sorted({submission.lesson for submission in submissions}):
            files = _read_tree(Path(lessons_dir) / lesson)
            payload = {"name": lesson, "files": files, "digest": _digest(files)}
            # a task, not scattered data: the scheduler keeps its input and computes it again if the
            # worker holding it dies (a scattered value would be lost with it)
            lessons[lesson] = client.submit(_lesson, payload, key=f"lesson-{lesson}-{payload['digest'][:16]}")
        # in_flight: future -> its first-choice worker, for the notebooks handed out and not yet done
        waiting, futures, in_flight = collections.deque(submissions), {}, {}

        def hand_out():
            """Submit the next notebooks while fewer are out than the cluster has worker threads, each
            to the worker with the most free threads (another one if that worker dies)."""
            threads = client.nthreads()
            out = list(in_flight.values())
            room = max(1, sum(threads.values())) - len(out)
            handed = []
            while waiting and len(handed) < room:  # with no worker yet, one waits for the first
                submission = waiting.popleft()
                notebook = submission.notebook.read_bytes() if submission.notebook else None
                freest = max(threads, key=lambda worker: threads[worker] - out.count(worker), default=None)
                future = client.submit(grade_task, submission.student, submission.lesson, notebook,
                                       list(submission.notes), list(submission.flags), lessons[submission.lesson],
                                       limits, sandbox, key=f"grade-{submission.student}-{submission.lesson}",
                                       pure=False, workers=freest and [freest], allow_other_workers=True)
                futures[future], in_flight[future] = submission, freest
                out.append(freest)
                handed.append(future)
            return handed

        results, failed = [], 0
        running = as_completed(hand_out())
        with tqdm(total=len(submissions), unit="notebook", desc="grading", file=sys.stderr) as bar:
            for future in running:
                submission = futures[future]
                del in_flight[future]
                try:
                    result, files = future.result()
                except Exception as error:  # the task itself failed: its workers died, or it raised
                    result, files = _failed(submission, error), {}
                _write_tree(out_dir, files)
                results.append(result)
                failed += not result.tests
                for handed in hand_out():
                    running.add(handed)
                bar.set_postfix(done=len(results), failed=failed, running=len(futures) - len(results), refresh=False)
                bar.update()
        # a task that failed on the cluster knows no max score: its lesson's
        max_scores = {result.lesson: result.max_score for result in results if result.max_score}
        return [replace(result, max_score=max_scores.get(result.lesson, 0)) if not result.max_score else result
                for result in results], threads
    finally:
        client.close()
        if cluster:
            cluster.close()


def grade_task(student, lesson, notebook, notes, flags, lesson_source, limits, sandbox):
    """On a Dask worker: grade one notebook in this thread's course folder; return the Result and
    the files written for it ({path under the output folder: bytes})."""
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{student}-{lesson}-"))
    try:
        course, max_scores = _worker_course(lesson_source, sandbox)
        submission = Submission(student, lesson, notes=notes, flags=flags)
        if notebook is not None:
            submission.notebook = scratch / "submitted" / f"{lesson}.ipynb"
            submission.notebook.parent.mkdir(parents=True)
            submission.notebook.write_bytes(notebook)
        out_dir = scratch / "out"
        try:
            result = grade_safely(course, submission, out_dir, limits)
        except SystemExit as stop:  # e.g. no sandbox on this worker: a grade of 0 that says so
            result = Result(student, lesson, 0, max_scores[lesson], {}, "; ".join([*notes, str(stop)]), flags=flags)
        damage = course_damage(course, [lesson], max_scores)
        if damage:
            _worker_courses.pop(_course_key(lesson_source), None)  # rebuilt for the next task
            result = Result(student, lesson, 0, max_scores[lesson], {},
                            "; ".join([*notes, f"its code damaged the grader's course folder ({damage}): graded 0"]),
                            result.seconds, [*flags, ("its code", f"damaged the grading folder: {damage}")])
        else:
            [result] = with_feedback(course, [result], out_dir)
            for done in ("submitted", "autograded", "feedback"):  # the next task renders only its own
                shutil.rmtree(course.root / done / student / lesson, ignore_errors=True)
        return result, _read_tree(out_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _worker_course(lesson_source, sandbox):
    """This worker thread's course folder for the lesson, released once and kept between tasks."""
    key = _course_key(lesson_source)
    if key not in _worker_courses:
        root = Path(tempfile.gettempdir()) / f"gancourse-dask-{os.getpid()}-{threading.get_ident()}-{key[1][:12]}"
        source = root / "source"
        shutil.rmtree(source, ignore_errors=True)
        _write_tree(source / lesson_source["name"], lesson_source["files"])
        _worker_courses[key] = fresh_course(root / "course", [lesson_source["name"]], sandbox, source)
    return _worker_courses[key]


def _lesson(payload):
    return payload


def _course_key(lesson_source):
    return threading.get_ident(), lesson_source["digest"]


def _failed(submission, error):
    reason = f"grading failed on the cluster: {type(error).__name__}: {str(error).strip()[:200]}"
    return Result(submission.student, submission.lesson, 0, 0, {}, "; ".join([*submission.notes, reason]),
                  flags=list(submission.flags))


def _read_tree(folder):
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and ".ipynb_checkpoints" not in path.parts}


def _write_tree(folder, files):
    for name, content in files.items():
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _digest(files):
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()

