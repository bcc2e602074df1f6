"""The Check button (autograder/lab/: its frontend in extension/, its server side in check.py), in
the student's JupyterLab as ``make lab`` starts it, with Debian's chromium.

A student opens lesson 01 with one wrong answer, clicks Check, reads that test's message and its
lost points; fixes it (the file rewritten, then reloaded in JupyterLab), clicks again: full marks.
A notebook with a cell that never ends stops at the cell timeout (lowered to CELL_TIMEOUT s here
with ``--CheckSettings.cell_timeout``) and says so, JupyterLab answering meanwhile. Without a
browser: the handler refuses a request without the token and a path outside the server's root.
"""

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import nbformat
import pytest

from autograder.course import REPO
from autograder.submissions import Variant, build_submission
from tests.browser import TOKEN, SCREENSHOTS, chromium, click_when_ready, needs_chromium, serve, wait_for

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

LESSON = "01_dense_gan"
WRONG = REPO / "tests" / "variants" / LESSON / "wrong_preprocess_zero_to_one.py"  # loses test_preprocess_images
CELL_TIMEOUT = 20  # seconds: the course's is 60; the setup cell (TensorFlow's import) must fit, on a busy machine too
ENDLESS = "endless.ipynb"  # in work/01_dense_gan/: the solution, and a first answer cell that never ends


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course with work/; lesson 01 there has one wrong answer, and endless.ipynb next to it."""
    root = tmp_path_factory.mktemp("check")
    for folder in ("course", "solutions", "autograder"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "samples", "node_modules", "lib"))
    subprocess.run([sys.executable, "-m", "autograder", "workspace", LESSON], cwd=root, check=True, capture_output=True)
    work = root / "work" / LESSON
    nbformat.write(build_submission(LESSON, Variant.from_file(WRONG)), work / f"{LESSON}.ipynb")
    endless = build_submission(LESSON)
    answer = next(cell for cell in endless.cells if cell.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "while True:\n    pass\n\n" + answer.source
    nbformat.write(endless, work / ENDLESS)
    return root


@pytest.fixture(scope="module")
def lab(course):
    """The student's JupyterLab (make lab), its app on window.jupyterapp (to reload a notebook from disk)."""
    yield from serve(course, "student", "/lab/tree/work", f"--CheckSettings.cell_timeout={CELL_TIMEOUT}",
                     "--LabApp.expose_app_in_browser=True")


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def post_check(lab, path, token=TOKEN):
    """POST PATH to the Check handler (with TOKEN, when given): the HTTP status."""
    request = urllib.request.Request(f"{lab}/gancourse/check", data=json.dumps({"path": path}).encode(), method="POST",
                                     headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def shown(driver):
    """The CSS selector of the widget JupyterLab shows (its current one) and that widget's path, or (None, None)."""
    widget_id, path = driver.execute_script(
        "const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        "return widget && widget.context ? [widget.id, widget.context.path] : [null, null];")
    return (f'[id="{widget_id}"]' if widget_id else None), path


def open_notebook(driver, lab, name):
    """Open work/LESSON/NAME and wait until it is the notebook shown: JupyterLab first restores the
    notebooks opened before, and one of them is shown for a moment."""
    driver.get(f"{lab}/lab/tree/work/{LESSON}/{name}?token={TOKEN}")

    def opened(d):
        widget, path = shown(d)
        return path == f"work/{LESSON}/{name}" and d.find_elements(By.CSS_SELECTOR, f"{widget} .jp-Notebook .jp-CodeCell") \
            and d.find_elements(By.CSS_SELECTOR, f"{widget} .gancourse-check")

    wait_for(driver, 120, opened,
             f"{name} to open, shown, with the Check button in its toolbar (is labextensions/gancourse-check on JUPYTER_PATH?)")


def click_check(driver):
    click_when_ready(driver, 60, lambda d: d.find_element(
        By.CSS_SELECTOR, f"{shown(d)[0]} .gancourse-check jp-button"), "the shown notebook's Check button to take a click")


def check_result(driver, what):
    """Wait for the Check dialog; its tests as {name: (points, message)}, its total and its whole text."""
    dialog = wait_for(driver, 300, lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-Dialog .gancourse-check-result"),
                      what)[0]
    tests = {row.get_attribute("data-test"): (row.find_element(By.CSS_SELECTOR, ".gancourse-check-points").text,
                                              row.find_element(By.CSS_SELECTOR, ".gancourse-check-message").text)
             for row in dialog.find_elements(By.CSS_SELECTOR, "tr[data-test]")}
    return tests, dialog.find_element(By.CSS_SELECTOR, ".gancourse-check-total").text, dialog.text


def close_dialog(driver):
    click_when_ready(driver, 30, lambda d: d.find_element(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept"),
                     "the dialog's Close button")
    wait_for(driver, 30, lambda d: not d.find_elements(By.CSS_SELECTOR, ".jp-Dialog"), "the dialog to close")


def test_check_refuses_requests_without_token_or_outside_root(lab):
    notebook = f"work/{LESSON}/{LESSON}.ipynb"
    assert post_check(lab, notebook, token=None) == 403, \
        "the Check handler answered a request without the server's token: is it @tornado.web.authenticated?"
    assert post_check(lab, "../outside.ipynb") == 403, \
        "the Check handler took a notebook outside the server's root: see notebook_under_root in autograder/lab/check.py"
    assert post_check(lab, f"work/{LESSON}/no-such.ipynb") == 404, "a notebook that is not there should be a 404"


@needs_chromium
def test_check_shows_the_lost_points_then_full_marks(course, lab, browser):
    open_notebook(browser, lab, f"{LESSON}.ipynb")
    click_check(browser)
    tests, total, text = check_result(browser, "the Check dialog on the wrong notebook")
    browser.save_screenshot(str(SCREENSHOTS / "check_wrong.png"))
    points, message = tests.get("test_preprocess_images", ("missing", ""))
    assert points == "0/2" and "Pixel 0 should become -1" in message, \
        f"test_preprocess_images should lose its 2 points with its message; the dialog says: {text[:400]}"
    assert total == f"{LESSON}: 15/17", f"the total should be 15/17 (only that test lost); it is {total!r}"
    with urllib.request.urlopen(f"{lab}/gancourse/feedback/{LESSON}?token={TOKEN}", timeout=60) as page:
        feedback = page.read().decode()
    assert "test_preprocess_images" in feedback, "the feedback page should list the tests: see FeedbackHandler"
    close_dialog(browser)

    nbformat.write(build_submission(LESSON), course / "work" / LESSON / f"{LESSON}.ipynb")  # the fix
    # not awaited: a notebook JupyterLab holds as changed asks first ("Reload Notebook from Disk"),
    # and the promise waits for that dialog, which reloaded() accepts
    browser.execute_script("window.jupyterapp.commands.execute('docmanager:reload')")

    def reloaded(driver):
        for accept in driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept"):
            accept.click()
            return False
        return "127.5" in driver.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").text

    wait_for(browser, 60, reloaded, "the fixed answer to show in the notebook after its reload from disk")
    click_check(browser)
    tests, total, text = check_result(browser, "the Check dialog on the fixed notebook")
    browser.save_screenshot(str(SCREENSHOTS / "check_fixed.png"))
    assert total == f"{LESSON}: 17/17", f"the fixed notebook should get 17/17; the dialog says: {text[:400]}"
    close_dialog(browser)


@needs_chromium
def test_check_stops_an_endless_cell_at_the_cell_timeout(lab, browser):
    open_notebook(browser, lab, ENDLESS)
    click_check(browser)
    wait_for(browser, 30, lambda d: d.find_elements(By.CSS_SELECTOR, ".gancourse-check[data-checking='true']"),
             "the Check button to show that it is checking")
    # JupyterLab answers meanwhile: its File menu opens
    click_when_ready(browser, 30, lambda d: [item for item in d.find_elements(
        By.CSS_SELECTOR, "#jp-menu-panel .lm-MenuBar-itemLabel") if item.text == "File"][0], "the File menu")
    wait_for(browser, 30, lambda d: d.find_elements(By.CSS_SELECTOR, ".lm-Menu"),
             "the File menu to open while a check runs")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    tests, total, text = check_result(browser, "the Check dialog on the endless notebook")
    browser.save_screenshot(str(SCREENSHOTS / "check_endless.png"))
    assert f"ran past {CELL_TIMEOUT} s, the cell timeout" in text, \
        f"the dialog should say a cell ran past the {CELL_TIMEOUT} s cell timeout; it says: {text[:400]}"
    assert total != f"{LESSON}: 17/17", f"a notebook whose answer never ends cannot get full marks: {total!r}"
    close_dialog(browser)

