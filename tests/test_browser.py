"""JupyterLab as students and instructors meet it: a real server and Debian's chromium, headless.

The servers run as ``make lab`` and ``make formgrader`` start them (from autograder/, so that
nbgrader reads the course config, with the repository as the server root and
autograder/lab/<student or instructor>/ first on JUPYTER_CONFIG_PATH), in a temporary copy of
the course whose work/ ``python -m autograder workspace`` made. The student's opens on work/,
the instructor's on the Formgrader. Screenshots go to build/screenshots/. The helpers they share
with tests/test_check_button.py are in tests/browser.py.
"""

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from autograder.course import LESSONS, REPO
from tests.browser import (SCREENSHOTS, TOKEN, chromium, click_when_ready, code_cells, has_run, needs_chromium,
                           nbgrader_menu, open_lab, page_config, popups, serve, sidebar_tabs, wait_for)

LESSON = "01_dense_gan"
# What a student must not be offered: nbgrader's instructor tools, and JupyterLab's news pop-up
# (autograder/lab/student/). The instructor's lab has the tools.
INSTRUCTOR_PLUGINS = ["@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:formgrader"]
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
INSTRUCTOR_MENU_ITEMS = ["Course List", "Formgrader", "Create assignment"]

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course (autograder/ brings the course config and autograder/lab/), with work/."""
    root = tmp_path_factory.mktemp("lab")
    for folder in ("course", "solutions", "autograder"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "samples"))
    subprocess.run([sys.executable, "-m", "autograder", "workspace"], cwd=root, check=True, capture_output=True)
    return root


@pytest.fixture(scope="module")
def lab(course):
    """The student's JupyterLab (make lab), opening on work/."""
    yield from serve(course, "student", "/lab/tree/work")


@pytest.fixture(scope="module")
def formgrader(course):
    """The instructor's JupyterLab (make formgrader), opening on the Formgrader."""
    yield from serve(course, "instructor", "/formgrader")


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


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


def test_students_lab_has_no_instructor_tools(lab, browser):
    open_lab(browser, f"{lab}/lab/tree/work?token={TOKEN}", "the student's JupyterLab")
    disabled = page_config(browser)["disabledExtensions"]
    assert all(plugin in disabled for plugin in INSTRUCTOR_PLUGINS + [NEWS_PLUGIN]), \
        f"the student's JupyterLab should disable {INSTRUCTOR_PLUGINS + [NEWS_PLUGIN]}; it disables {disabled}: " \
        "is autograder/lab/student/ first on JUPYTER_CONFIG_PATH, and its labconfig/page_config.json right?"
    tabs, menu = sidebar_tabs(browser), nbgrader_menu(browser)
    browser.save_screenshot(str(SCREENSHOTS / "lab_student.png"))
    assert not [tab for tab in tabs if "Create Assignment" in tab], f"a student's sidebars offer {tabs}"
    assert not set(menu) & set(INSTRUCTOR_MENU_ITEMS), f"a student's Nbgrader menu offers {menu}"
    with pytest.raises(urllib.error.HTTPError, match="404"):  # nbgrader's server extension is off too
        urllib.request.urlopen(f"{lab}/formgrader?token={TOKEN}", timeout=30)
    news = [text for text in popups(browser) if "news" in text.lower()]
    assert not news, f"JupyterLab asks the student about news: {news}"


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


def test_instructor_sees_the_lessons_in_the_formgrader(formgrader, browser):
    browser.get(f"{formgrader}/?token={TOKEN}")  # where `make formgrader` lands
    wait_for(browser, 60, lambda d: all(lesson in d.find_element(By.TAG_NAME, "body").text for lesson in LESSONS),
             f"the Formgrader to list the lessons {LESSONS}")
    browser.save_screenshot(str(SCREENSHOTS / "formgrader.png"))


def test_instructors_lab_has_their_tools(formgrader, browser):
    open_lab(browser, f"{formgrader}/lab/tree/solutions?token={TOKEN}", "the instructor's JupyterLab")
    disabled = page_config(browser)["disabledExtensions"]
    tabs, menu = sidebar_tabs(browser), nbgrader_menu(browser)
    browser.save_screenshot(str(SCREENSHOTS / "lab_instructor.png"))
    assert not set(INSTRUCTOR_PLUGINS) & set(disabled), f"the instructor's JupyterLab disables {disabled}"
    assert [tab for tab in tabs if "Create Assignment" in tab], f"no Create Assignment among the sidebars' tabs {tabs}"
    assert set(INSTRUCTOR_MENU_ITEMS) <= set(menu), f"the Nbgrader menu should offer {INSTRUCTOR_MENU_ITEMS}: {menu}"
