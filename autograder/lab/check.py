"""The Check button's server side: a Jupyter server extension that grades the open notebook.

The button (the TypeScript frontend in autograder/lab/extension/, built into
autograder/lab/jupyter/labextensions/gancourse-check/) saves the notebook and POSTs its path to
``<base_url>/gancourse/check``. The handler grades it as ``python -m autograder check`` does
(``autograder.student.check_notebook``: the grading engine, its caps and its sandbox rule) and
answers each test with its points and, where it lost points, its message, the total, and the
link to the feedback page, served by ``<base_url>/gancourse/feedback/<lesson>``.

- Both handlers are jupyter_server's ``APIHandler``s, ``@tornado.web.authenticated``: the server's
  token (or its login cookie) and its XSRF check, as every Jupyter request.
- Only a notebook under the server's ``root_dir`` is graded: a path outside it is refused (403),
  a path that is no notebook too (400), a notebook that is not there is 404.
- The notebook is only read: the grading works on a copy in ``build/lab-check/``.
- One check runs at a time, in one worker thread. That thread keeps its nbgrader server
  (autograder/course.py: nbgrader imported once), and when the extension loads it releases the
  lesson last worked on into its course folder, so that the first check finds its gradebook made;
  each check's feedback page is written after its answer, before the next check.
- The sandbox: as ``make check``, in it where it can start, else without it, which the answer says.
- The cell timeout is the course's (``CELL_TIMEOUT``); ``--CheckSettings.cell_timeout=N`` lowers it
  (the browser test's endless cell).

Enabled for the student's JupyterLab by autograder/lab/student/jupyter_server_config.json.
"""

import asyncio
import atexit
import json
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from traitlets import Integer
from traitlets.config import Configurable

from autograder import sandbox as sandboxing
from autograder.course import LESSONS, REPO
from autograder.grading_config import CELL_TIMEOUT
from autograder.student import (VISIBLE_ONLY, check_notebook, lesson_of, prepare_check, prestart_check,
                                write_feedback)

LAB_CHECK_DIR = REPO / "build" / "lab-check"  # apart from make check's build/check/: each its own gradebook
API = "gancourse"


class CheckSettings(Configurable):
    """The Check button's settings (``--CheckSettings.cell_timeout=...`` on the server's command line)."""
    cell_timeout = Integer(CELL_TIMEOUT, help="Seconds a cell may run while checking: the course's by default").tag(
        config=True)


class Checker:
    """Grades one notebook at a time, in one thread of its own (which keeps its nbgrader server)."""

    def __init__(self, out_dir, cell_timeout, log):
        self.out_dir = Path(out_dir)
        self.cell_timeout = cell_timeout
        self.log = log
        self.sandbox = None  # decided in the thread, before the first check: the probe runs bwrap
        self.warm = None  # the next check's autograde, forked ahead with its kernel started (prestart_check)
        self.jobs = queue.SimpleQueue()
        self.feedback = {}  # lesson -> the Future of its last check's feedback page
        # a daemon: the server's shutdown does not wait for a check (its nbgrader ends with the server)
        threading.Thread(target=self._work, name="gancourse-check", daemon=True).start()

    def _work(self):
        while True:
            function, args, future = self.jobs.get()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(function(*args))
                except BaseException as error:  # SystemExit too: the handler answers it
                    future.set_exception(error)

    def submit(self, function, *args):
        future = Future()
        self.jobs.put((function, args, future))
        return future

    def warm_up(self, lessons):
        """In the thread: decide the sandbox, start nbgrader's server, release LESSONS (the first check's wait)."""
        return self.submit(self._warm_up, lessons)

    def _warm_up(self, lessons):
        self._decide_sandbox()
        for lesson in lessons:
            try:
                prepare_check(lesson, self.out_dir, self.sandbox)
            except Exception as error:  # the check itself will say what is wrong
                self.log.warning("gancourse check: could not prepare %s: %s", lesson, error)
        self._prestart(lessons[-1])

    def _prestart(self, lesson):
        """In the thread: fork the next check's autograde of LESSON, its kernel started (the warm kernel)."""
        try:
            self.warm = prestart_check(lesson, self.out_dir, self.sandbox, self.cell_timeout)
        except Exception as error:  # the next check starts its kernel itself
            self.log.warning("gancourse check: could not start a kernel ahead for %s: %s", lesson, error)
            self.warm = None

    def _take_warm(self, lesson):
        """The warm autograde if it is LESSON's, else None (another lesson's is cancelled)."""
        warm, self.warm = self.warm, None
        if warm is not None and warm.lesson != lesson:
            warm.run.cancel()
            warm = None
        return warm

    def stop(self):
        """Cancel the warm autograde (the server is stopping): its kernel ends. A check still running
        ends with the server (its nbgrader's server is stopped at exit: autograder/course.py)."""
        try:
            self.submit(lambda: self.warm and self.warm.run.cancel()).result(timeout=30)
        except TimeoutError:
            self.log.warning("gancourse check: a check was still running at the server's exit")

    def _decide_sandbox(self):
        if self.sandbox is None:
            self.sandbox = sandboxing.wanted(None, whose="your own notebooks")
            self.no_sandbox_reason = "" if self.sandbox else (sandboxing.problem() or "GANCOURSE_SANDBOX=off")

    async def check(self, notebook):
        return await asyncio.wrap_future(self.submit(self._check, notebook))

    def _check(self, notebook):
        self._decide_sandbox()
        lesson = lesson_of(notebook)
        warm = self._take_warm(lesson)
        checked = check_notebook(notebook, self.out_dir, self.sandbox, cell_timeout=self.cell_timeout, feedback=False,
                                 warm=warm)
        # after the answer: the feedback page (1.2 s of lesson 01), then the next check's kernel, started ahead
        self.feedback[lesson] = self.submit(write_feedback, checked, self.out_dir)
        self.submit(self._prestart, lesson)
        result = checked.result
        notes = [note for note in result.reason.split("; ") if note]
        if any("per-cell timeout" in note for note in notes):
            notes = [note if "per-cell timeout" not in note else
                     f"a cell ran past {self.cell_timeout} s, the cell timeout, and was stopped" for note in notes]
        if not checked.hidden_tests:
            notes.insert(0, VISIBLE_ONLY)
        if not self.sandbox:
            notes.append(f"graded without the sandbox ({self.no_sandbox_reason}): safe here, the code is your own")
        return {
            "lesson": result.lesson,
            "score": result.score,
            "max_score": result.max_score,
            "tests": [{"name": test, "score": score, "max_score": max_score,
                       "message": checked.messages.get(test, "no error, and yet no points: see the feedback")
                       if score < max_score else ""}
                      for test, (score, max_score) in result.tests.items()],
            "notes": notes,
            "hidden_tests": checked.hidden_tests,
            "sandbox": bool(self.sandbox),
            "feedback": bool(checked.graded),
            "seconds": round(sum(checked.seconds.values()), 1),
            "steps": {step: round(took, 1) for step, took in checked.seconds.items()},  # the feedback's comes later
            "warm_kernel": warm is not None,  # graded on the kernel started ahead
        }


class CheckHandler(APIHandler):
    """POST {"path": "<notebook, relative to the server's root>"}: grade it, answer the result as JSON."""

    def initialize(self, checker):
        self.checker = checker

    @tornado.web.authenticated
    async def post(self):
        try:
            path = json.loads(self.request.body or b"{}").get("path")
        except (ValueError, AttributeError):
            path = None
        if not isinstance(path, str) or not path.endswith(".ipynb"):
            raise tornado.web.HTTPError(400, reason="give the path of a notebook (.ipynb), relative to the server's root")
        notebook = notebook_under_root(self.settings["server_root_dir"], path)
        try:
            lesson_of(notebook)
        except SystemExit as error:
            raise tornado.web.HTTPError(400, reason=str(error).splitlines()[0][:300])
        try:
            result = await self.checker.check(notebook)
        except (Exception, SystemExit) as error:  # e.g. the sandbox asked for and unable to start
            self.log.exception("gancourse check of %s failed", path)
            raise tornado.web.HTTPError(500, reason=f"the check failed: {str(error).strip()[:300]}")
        self.finish(json.dumps(result))


class FeedbackHandler(APIHandler):
    """GET <lesson>: the feedback page of that lesson's last check (the hidden tests' messages, not their code)."""

    def initialize(self, checker):
        self.checker = checker

    @tornado.web.authenticated
    async def get(self, lesson):
        pending = self.checker.feedback.get(lesson)
        if pending is not None:
            try:
                await asyncio.wrap_future(pending)
            except Exception:
                self.log.exception("gancourse check: the feedback of %s failed", lesson)
        page = self.checker.out_dir / "feedback" / f"{lesson}.html"
        if lesson not in LESSONS or not page.is_file():
            raise tornado.web.HTTPError(404, reason=f"no feedback for {lesson}: click Check first")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(page.read_bytes())


def notebook_under_root(root_dir, path):
    """ROOT_DIR/PATH, resolved; a 403 when it is outside ROOT_DIR, a 404 when there is no such file."""
    root = Path(root_dir).expanduser().resolve()
    notebook = (root / path.lstrip("/")).resolve()
    if not notebook.is_relative_to(root):
        raise tornado.web.HTTPError(403, reason="only notebooks under the server's root folder can be checked")
    if not notebook.is_file():
        raise tornado.web.HTTPError(404, reason=f"no notebook {path} under the server's root folder")
    return notebook


def last_worked_on(work):
    """The lesson of the notebook in WORK changed last (the first lesson when there is none): the one
    released when the server starts, so that its first check finds the gradebook made (the others: 3 s more)."""
    notebooks = [(path.stat().st_mtime, lesson) for lesson in LESSONS for path in (work / lesson).glob("*.ipynb")]
    return max(notebooks)[1] if notebooks else LESSONS[0]


def _jupyter_server_extension_points():
    return [{"module": "autograder.lab.check"}]


def _load_jupyter_server_extension(serverapp):
    settings = CheckSettings(config=serverapp.config)
    checker = Checker(LAB_CHECK_DIR, settings.cell_timeout, serverapp.log)
    base = url_path_join(serverapp.web_app.settings["base_url"], API)
    serverapp.web_app.add_handlers(".*$", [
        (url_path_join(base, "check"), CheckHandler, {"checker": checker}),
        (url_path_join(base, "feedback", r"([\w.-]+)"), FeedbackHandler, {"checker": checker}),
    ])
    checker.warm_up([last_worked_on(Path(serverapp.root_dir).expanduser() / "work")])
    atexit.register(checker.stop)
    serverapp.log.info("gancourse check: the Check button grades at %s/check", base)
