"""The course on a real JupyterHub, as `make hub` runs it: an instructor and two students as Unix
users, nbgrader's exchange, the Assignments tab, in Debian's chromium.

The instructor (as their Unix user) generates and releases lesson 01 from the course root
`quickstart` made. Each student logs in through the hub's login page, fetches the lesson in the
Assignments tab, answers (the test writes the answers into their notebook, as that user would
save it: one the instructor's, one with a wrong preprocess_images) and submits in the tab. The
instructor collects, grades with ``python -m autograder grade --course-root`` (in the sandbox)
and releases feedback; each student fetches it in the tab and reads their score. Each student
then tries to read the other's work and the instructor's, and the file system refuses. The users,
the hub and its folder are removed at the end.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import hub
from autograder.course import REPO
from autograder.submissions import Variant, build_submission
from tests.browser import (  # noqa: E402 (skips this module without selenium)
    SCREENSHOTS, By, chromium, click_when_ready, needs_chromium, open_nbgrader_menu, wait_for)
from tests.class_corpus import FULL_MARKS, LESSON
from tests.conftest import needs_sandbox

INSTRUCTOR = "hubtest-instructor"
# each student, and what they hand in (None: the instructor's answers)
WRONG = Variant.from_file(REPO / "tests" / "variants" / LESSON / "wrong_preprocess_zero_to_one.py")
STUDENTS = {"hubtest-right": None, "hubtest-wrong": WRONG}
SCORE = re.compile(rf"{LESSON} \(Score: ([\d.]+) / ([\d.]+)\)")

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="makes Unix users and runs JupyterHub as root: run as root"),
    pytest.mark.skipif(bool(hub.problem(tempfile.gettempdir())),
                       reason=f"JupyterHub cannot run here: {hub.problem(tempfile.gettempdir())}"),
    needs_sandbox,
    needs_chromium,
]


def as_user(user, *command, cwd=None):
    """COMMAND run as USER (runuser), with this repository's venv and course package; its output."""
    env = {"HOME": str(hub.home(user)), "USER": user, "LANG": "C.UTF-8", "PYTHONPATH": str(REPO),
           "PATH": os.pathsep.join([str(hub.VENV_BIN), "/usr/bin", "/bin"])}
    done = subprocess.run(["runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                           *map(str, command)], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(map(str, command))} as {user} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def log_in(driver, url, user, password):
    """Log in through the hub's login page (after logging out whoever was) and wait for the user's
    JupyterLab."""
    driver.get(f"{url}/hub/logout")
    driver.get(f"{url}/hub/login")
    wait_for(driver, 30, lambda d: d.find_element(By.ID, "username_input"), "the hub's login page")
    driver.find_element(By.ID, "username_input").send_keys(user)
    driver.find_element(By.ID, "password_input").send_keys(password)
    driver.find_element(By.ID, "login_submit").click()
    wait_for(driver, 180, lambda d: f"/user/{user}/lab" in d.current_url and d.find_elements(
        By.CSS_SELECTOR, "#jp-menu-panel .lm-MenuBar-itemLabel"), f"{user}'s JupyterLab after logging in")


def open_assignments_tab(driver):
    click_when_ready(driver, 30, lambda d: [item for item in open_nbgrader_menu(d)
                                            if item.text == "Assignment List"][0], "Nbgrader > Assignment List")
    wait_for(driver, 60, lambda d: d.find_element(By.ID, "released_assignments_list"), "the Assignments tab")


def listed(driver, status):
    """The rows of the Assignments tab's list STATUS (released, fetched, submitted) naming the lesson."""
    return [row for row in driver.find_elements(By.CSS_SELECTOR, f"#{status}_assignments_list > .list_item")
            if LESSON in row.text]


def click_in_tab(driver, status, button, what):
    click_when_ready(driver, 60, lambda d: [b for b in listed(d, status)[0].find_elements(
        By.CSS_SELECTOR, ".item_status button") if b.text == button][0], what)


def fetch_and_submit(driver, url, student, password, variant):
    log_in(driver, url, student, password)
    open_assignments_tab(driver)
    click_in_tab(driver, "released", "Fetch", f"{student}: the Fetch button of {LESSON} in the Assignments tab")
    wait_for(driver, 60, lambda d: listed(d, "fetched"), f"{student}: {LESSON} among the downloaded assignments")
    home = hub.home(student)
    notebook = home / LESSON / f"{LESSON}.ipynb"
    assert notebook.is_file(), f"the tab's Fetch should put {notebook} in {student}'s home: is the exchange right?"
    nbformat.write(build_submission(LESSON, variant, release_dir=home), notebook)  # as the student saves it
    shutil.chown(notebook, student, student)
    click_in_tab(driver, "fetched", "Submit", f"{student}: the Submit button of {LESSON}")
    wait_for(driver, 60, lambda d: listed(d, "submitted"), f"{student}: {LESSON} among the submitted assignments")
    driver.save_screenshot(str(SCREENSHOTS / f"hub_{student}_submitted.png"))


def fetch_feedback(driver, url, student, password):
    """Fetch the feedback in the tab, open it as the student's server serves it; its text."""
    log_in(driver, url, student, password)
    open_assignments_tab(driver)
    click_in_tab(driver, "submitted", "Fetch Feedback", f"{student}: the Fetch Feedback button of {LESSON}")
    wait_for(driver, 60, lambda d: "(view feedback)" in listed(d, "submitted")[0].text,
             f"{student}: the tab to offer '(view feedback)'")
    driver.save_screenshot(str(SCREENSHOTS / f"hub_{student}_feedback.png"))
    fetched = sorted((hub.home(student) / LESSON / "feedback").glob(f"*/{LESSON}.html"))
    assert fetched, f"Fetch Feedback should put the feedback in ~{student}/{LESSON}/feedback/: is it released?"
    driver.get(f"{url}/user/{student}/files/{fetched[-1].relative_to(hub.home(student)).as_posix()}")
    return wait_for(driver, 60, lambda d: SCORE.search(d.find_element(By.TAG_NAME, "body").text) and
                    d.find_element(By.TAG_NAME, "body").text, f"{student}'s feedback page with its score")


def formgrader_lists(driver, url, password):
    """The instructor logs in and opens the Formgrader; the text of its assignments page."""
    log_in(driver, url, INSTRUCTOR, password)
    driver.get(f"{url}/user/{INSTRUCTOR}/formgrader")
    text = wait_for(driver, 60, lambda d: LESSON in d.find_element(By.TAG_NAME, "body").text and
                    d.find_element(By.TAG_NAME, "body").text, f"the Formgrader to list {LESSON}")
    driver.save_screenshot(str(SCREENSHOTS / "hub_formgrader.png"))
    return text


READ = """
import os, sys
for path in sys.argv[1:]:
    try:
        os.listdir(path) if os.path.isdir(path) else open(path, 'rb').read(1)
        print(path, 'read')
    except OSError as error:
        print(path, type(error).__name__)
"""


def what_each_may_read(root, exchange):
    """{student: {path: 'read' or the error}} for the other student's work and the instructor's."""
    seen = {}
    for student in STUDENTS:
        other = next(name for name in STUDENTS if name != student)
        paths = [hub.home(other) / LESSON / f"{LESSON}.ipynb",                  # their notebook
                 next((hub.home(other) / LESSON / "feedback").glob(f"*/{LESSON}.html")),  # their feedback
                 root / "submitted" / other / LESSON / f"{LESSON}.ipynb",       # their collected submission
                 root / "feedback" / other / LESSON / f"{LESSON}.html",         # their generated feedback
                 root / "source" / LESSON / f"{LESSON}.ipynb",                  # the instructor's answers
                 root / "gradebook.db",
                 exchange / hub.COURSE_ID / "inbound",                          # the submissions handed in
                 exchange / hub.COURSE_ID / "feedback"]                         # the feedback released
        for path in paths:
            assert path.exists(), f"{path} should exist after the cycle: did a step of the test not run?"
        output = as_user(student, sys.executable, "-c", READ, *paths)
        seen[student] = dict(line.rsplit(" ", 1) for line in output.splitlines())
        assert len(seen[student]) == len(paths), f"tried {len(paths)} paths as {student}, got: {output}"
    return seen


def gradebook_scores(root):
    """{student: {test cell: (score, max_score)}} from the course root's gradebook."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {submission.student.id: {grade.name: (grade.score, grade.max_score)
                                         for grade in submission.notebooks[0].grades}
                for submission in gradebook.find_assignment(LESSON).submissions}


def running(user):
    return subprocess.run(["pgrep", "-u", user], capture_output=True, text=True).stdout.split()


@pytest.fixture(scope="module")
def cycle():
    hub_dir = Path(tempfile.mkdtemp(prefix="gancourse-hub-test-"))  # /tmp/pytest-of-root is root's only
    passwords = {user: secrets.token_urlsafe(12) for user in [INSTRUCTOR, *STUDENTS]}
    for user in passwords:  # left by a run that was killed
        hub.remove_user(user)
    server, driver, log = None, None, open(hub_dir / "jupyterhub.log", "w")
    try:
        url = hub.set_up(hub_dir, INSTRUCTOR, passwords, lessons=[LESSON], port=hub.free_port())
        server = hub.start(hub_dir, url, log)
        root, exchange = hub.home(INSTRUCTOR) / hub.COURSE_ID, hub_dir / "exchange"
        as_user(INSTRUCTOR, sys.executable, "-m", "nbgrader", "generate_assignment", LESSON, cwd=root)
        as_user(INSTRUCTOR, sys.executable, "-m", "nbgrader", "release_assignment", LESSON, cwd=root)
        driver = chromium()
        for student, variant in STUDENTS.items():
            fetch_and_submit(driver, url, student, passwords[student], variant)
        as_user(INSTRUCTOR, sys.executable, "-m", "nbgrader", "collect", LESSON, cwd=root)
        as_user(INSTRUCTOR, sys.executable, "-m", "autograder", "grade", "--course-root", root, "--workers", "2",
                cwd=root)
        as_user(INSTRUCTOR, sys.executable, "-m", "nbgrader", "generate_feedback", LESSON, cwd=root)
        as_user(INSTRUCTOR, sys.executable, "-m", "nbgrader", "release_feedback", LESSON, cwd=root)
        formgrader = formgrader_lists(driver, url, passwords[INSTRUCTOR])
        feedback = {student: fetch_feedback(driver, url, student, passwords[student]) for student in STUDENTS}
        readable = what_each_may_read(root, exchange)
        scores = gradebook_scores(root)
        driver.quit()
        driver = None
        proxy = (hub_dir / "jupyterhub-proxy.pid").read_text().strip()
        hub.stop(server)
        left = {user: running(user) for user in passwords}
        yield {"formgrader": formgrader, "feedback": feedback, "readable": readable, "scores": scores, "left": left,
               "proxy_left": Path(f"/proc/{proxy}").exists()}
    finally:
        if driver:
            driver.quit()
        if server:
            hub.stop(server)
        log.close()
        for user in passwords:
            hub.remove_user(user)
        shutil.rmtree(hub_dir, ignore_errors=True)


def test_each_student_sees_their_own_score_in_the_feedback_they_fetched(cycle):
    scores = {student: tuple(map(float, SCORE.search(text).groups())) for student, text in cycle["feedback"].items()}
    assert scores["hubtest-right"] == (FULL_MARKS, FULL_MARKS), \
        f"the instructor's answers should show full marks in the fetched feedback: {scores}"
    assert scores["hubtest-wrong"][0] < FULL_MARKS, f"a wrong preprocess_images should show less than full marks: {scores}"


def test_the_gradebook_has_the_grades_the_sandboxed_grader_gave(cycle):
    lost = {student: {cell for cell, (score, most) in grades.items() if score < most}
            for student, grades in cycle["scores"].items()}
    assert lost == {"hubtest-right": set(), "hubtest-wrong": set(WRONG.loses)}, \
        f"the gradebook should record the instructor's answers with no test lost and the wrong one losing {WRONG.loses}: {lost}"


def test_the_instructor_has_the_formgrader_on_the_course_root(cycle):
    rows = [line for line in cycle["formgrader"].splitlines() if line.startswith(LESSON)]
    assert rows and rows[0].split()[-1] == str(len(STUDENTS)), \
        f"the Formgrader should list {LESSON} with {len(STUDENTS)} submissions; it shows {rows}: is CourseDirectory.root set?"


def test_students_cannot_read_each_others_work_nor_the_instructors(cycle):
    for student, outcomes in cycle["readable"].items():
        opened = {path: outcome for path, outcome in outcomes.items() if outcome != "PermissionError"}
        assert not opened, f"{student} could open {opened}: check the homes' mode (0700) and the exchange's"


def test_stopping_the_hub_leaves_nothing_running(cycle):
    left = {user: pids for user, pids in cycle["left"].items() if pids}
    assert not left, f"processes of the class still run after the hub stopped: {left}"
    assert not cycle["proxy_left"], "configurable-http-proxy still runs after the hub stopped"
