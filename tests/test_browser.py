"""JupyterLab as students and instructors meet it: a real server and Debian's chromium, headless.

The server runs as ``make lab`` starts it (from autograder/, so that nbgrader reads the
course config, with the repository as the server root, opening on the student's work/), in a
temporary copy of the course whose work/ ``python -m autograder workspace`` made.
Screenshots go to build/screenshots/.
"""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder.course import LESSONS, REPO

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = REPO / "build" / "screenshots"
TOKEN = "gancourse-browser-test"
LESSON = "01_dense_gan"

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    ElementClickInterceptedException, ElementNotInteractableException, NoSuchElementException,
    StaleElementReferenceException)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the course; yields its base URL."""
    root = tmp_path_factory.mktemp("lab")
    for folder in ("course", "solutions", "autograder"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "samples"))
    subprocess.run([sys.executable, "-m", "autograder", "workspace"], cwd=root, check=True, capture_output=True)
    port = free_port()
    log = open(root / "jupyter.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--allow-root", f"--IdentityProvider.token={TOKEN}", "--ServerApp.root_dir=..",
         "--LabApp.default_url=/lab/tree/work"],
        cwd=root / "autograder", stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail(f"JupyterLab did not start: {(root / 'jupyter.log').read_text()[-2000:]}")
    yield url
    server.terminate()
    server.wait(30)
    log.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)), options=options)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


POLL_AGAIN = (IndexError, NoSuchElementException, StaleElementReferenceException,
              ElementNotInteractableException, ElementClickInterceptedException)


def wait_for(driver, seconds, condition, what):
    """Poll CONDITION until it is truthy. JupyterLab re-renders cells while a notebook opens, so
    a cell missing or replaced between two lookups (IndexError, stale element) means: poll again.
    So does an element that refuses a click: rendered but not yet interactable (still laid out
    or scrolled into view), or covered by a pop-up."""
    last = []

    def polled(d):
        try:
            return condition(d)
        except POLL_AGAIN as error:
            last[:] = [error]
            raise

    try:
        return WebDriverWait(driver, seconds, ignored_exceptions=POLL_AGAIN).until(polled)
    except Exception:
        driver.save_screenshot(str(SCREENSHOTS / "failure.png"))
        tried = "".join(f"; the last try: {type(error).__name__}: {(str(error).strip().splitlines() or [''])[0]}"
                        for error in last)
        raise AssertionError(f"timed out after {seconds} s waiting for {what} "
                             f"(see build/screenshots/failure.png){tried}") from None


def code_cells(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")


def click_when_ready(driver, seconds, find, what):
    """Click the element FIND(driver) returns, once it is displayed and enabled and takes the
    click; pop-ups that could cover it are closed first."""
    def clicked(d):
        dismiss_popups(d)
        element = find(d)
        if not (element.is_displayed() and element.is_enabled()):
            return False
        element.click()
        return True
    wait_for(driver, seconds, clicked, what)


def popups(driver):
    """JupyterLab's notifications on screen (toasts, bottom right), as their text."""
    return [toast.text for toast in driver.find_elements(By.CSS_SELECTOR, ".Toastify__toast") if toast.is_displayed()]


def dismiss_popups(driver):
    """Close the notifications on screen with their own close button (which saves no setting)."""
    for button in driver.find_elements(By.CSS_SELECTOR, ".Toastify__toast .jp-Notification-Toast-Close"):
        if button.is_displayed():
            button.click()


def has_run(cell):
    return cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text.strip() not in ("[ ]:", "")


def test_lab_opens_on_the_students_work(lab, browser):
    browser.get(f"{lab}/?token={TOKEN}")  # where `make lab` lands
    listing = wait_for(browser, 120, lambda d: [item.text for item in d.find_elements(
        By.CSS_SELECTOR, ".jp-DirListing-content .jp-DirListing-itemName")] if all(
        lesson in d.find_element(By.CSS_SELECTOR, ".jp-DirListing-content").text for lesson in LESSONS) else None,
        f"the file browser to list work/'s lessons {LESSONS}")
    browser.save_screenshot(str(SCREENSHOTS / "lab_work.png"))
    breadcrumbs = browser.find_element(By.CSS_SELECTOR, ".jp-BreadCrumbs").text
    assert "work" in breadcrumbs and sorted(listing) == LESSONS, \
        f"JupyterLab should open on work/ with one folder per lesson; it shows {breadcrumbs!r}: {listing}"


def test_student_runs_the_first_cells_and_validates(lab, browser):
    browser.get(f"{lab}/lab/tree/work/{LESSON}/{LESSON}.ipynb?token={TOKEN}")
    wait_for(browser, 120, lambda d: code_cells(d) and d.find_elements(
        By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator[data-status='idle']"), "lesson 01 to open on an idle kernel")
    click_when_ready(browser, 60, lambda d: code_cells(d)[0].find_element(By.CSS_SELECTOR, ".jp-InputPrompt"),
                     "the first code cell to take a click")
    for _ in range(6):  # Shift+Enter through setup, a markdown cell and load_data
        if wait_for(browser, 60, lambda d: [has_run(code_cells(d)[1])], "the second code cell")[0]:
            break
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        time.sleep(1)
    wait_for(browser, 180, lambda d: "(60000, 28, 28) uint8 0 255" in code_cells(d)[1].text,
             "the load_data cell to print the training set's shape")
    browser.save_screenshot(str(SCREENSHOTS / "lesson01_first_cells.png"))

    toolbar = browser.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel-toolbar")
    assert toolbar.find_elements(By.XPATH, ".//*[normalize-space(text())='Validate']"), \
        f"nbgrader's Validate button is missing from the notebook toolbar: {toolbar.text!r}"
    click_when_ready(browser, 60, lambda d: d.find_element(
        By.CSS_SELECTOR, ".jp-NotebookPanel-toolbar jp-button.validate-button"), "the Validate button to take a click")
    dialog = wait_for(browser, 300, lambda d: [element for element in d.find_elements(By.CSS_SELECTOR, ".jp-Dialog")
                                               if "Validation Results" in element.text], "the validation results")
    text = dialog[0].text
    browser.save_screenshot(str(SCREENSHOTS / "lesson01_validate.png"))
    assert "The following cell failed" in text and "NotImplementedError" in text, \
        f"validating the untouched lesson should report failing tests; the dialog says: {text[:300]}"


def test_instructor_sees_the_lessons_in_the_formgrader(lab, browser):
    browser.get(f"{lab}/formgrader?token={TOKEN}")
    wait_for(browser, 60, lambda d: all(lesson in d.find_element(By.TAG_NAME, "body").text for lesson in LESSONS),
             f"the Formgrader to list the lessons {LESSONS}")
    browser.save_screenshot(str(SCREENSHOTS / "formgrader.png"))
