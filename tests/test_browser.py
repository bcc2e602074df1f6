"""JupyterLab as students and instructors meet it: a real server and Debian's chromium, headless.

The servers run as ``make lab`` and ``make formgrader`` start them (from autograder/, so that
nbgrader reads the course config, with the repository as the server root and
autograder/lab/<student or instructor>/ first on JUPYTER_CONFIG_PATH), in a temporary copy of
the course whose work/ ``python -m autograder workspace`` made. The student's opens on work/,
the instructor's on the Formgrader. Screenshots go to build/screenshots/.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from autograder.course import LESSONS, REPO

TOKEN = "gancourse-browser-test"
LESSON = "01_dense_gan"
# What a student must not be offered: nbgrader's instructor tools, and JupyterLab's news pop-up
# (autograder/lab/student/). The instructor's lab has the tools.
INSTRUCTOR_PLUGINS = ["@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:formgrader"]
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
INSTRUCTOR_MENU_ITEMS = ["Course List", "Formgrader", "Create assignment"]

from tests.browser import (  # noqa: E402 (skips this module without selenium)
    SCREENSHOTS, By, click_when_ready, needs_chromium, open_nbgrader_menu, popups, start_chromium, wait_for)
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = needs_chromium


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course (autograder/ brings the course config and autograder/lab/), with work/."""
    root = tmp_path_factory.mktemp("lab")
    for folder in ("course", "solutions", "autograder"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "samples"))
    subprocess.run([sys.executable, "-m", "autograder", "workspace"], cwd=root, check=True, capture_output=True)
    return root


def serve(root, who, default_url):
    """JupyterLab on ROOT as the Makefile starts it for WHO (student: make lab, instructor: make
    formgrader); yields its base URL. Its user settings and workspaces (JUPYTER_CONFIG_DIR) are
    its own, in ROOT: what JupyterLab remembers in ~/.jupyter (open tabs, answers to pop-ups)
    changes nothing here, and the two servers do not reopen each other's tabs."""
    port = free_port()
    log_path = root / f"jupyter-{who}.log"
    log = open(log_path, "w")
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(root / "autograder" / "lab" / who),
           "JUPYTER_CONFIG_DIR": str(root / f"jupyter-config-{who}")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--allow-root", f"--IdentityProvider.token={TOKEN}", "--ServerApp.root_dir=..",
         f"--LabApp.default_url={default_url}"],
        cwd=root / "autograder", env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail(f"the {who}'s JupyterLab did not start: {log_path.read_text()[-2000:]}")
    yield url
    server.terminate()
    server.wait(30)
    log.close()


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
    driver = start_chromium()
    yield driver
    driver.quit()


def code_cells(driver):
    return driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")


def page_config(driver):
    """The page config JupyterLab's server gave this page (labconfig/page_config.json and more)."""
    return driver.execute_script("return JSON.parse(document.getElementById('jupyter-config-data').textContent)")


def nbgrader_menu(driver):
    """The items of the Nbgrader menu in JupyterLab's menu bar (a student's has Assignment List)."""
    items = [label.text for label in open_nbgrader_menu(driver)]
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    return items


def sidebar_tabs(driver):
    """The titles of the tabs in JupyterLab's left and right sidebars."""
    return [tab.get_attribute("title") or tab.text for tab in driver.find_elements(
        By.CSS_SELECTOR, ".jp-SideBar .lm-TabBar-tab")]


def open_lab(driver, url, what):
    """Open JupyterLab at URL and wait until it has restored its layout (the file browser lists)."""
    driver.get(url)
    wait_for(driver, 120, lambda d: d.find_elements(By.CSS_SELECTOR, ".jp-DirListing-content .jp-DirListing-item"),
             f"{what} to show its file browser")


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
