"""What the browser tests share (tests/test_browser.py, tests/test_check_button.py, tests/test_hub.py): JupyterLab served
as ``make lab`` and ``make formgrader`` start it, Debian's chromium headless, and the helpers that wait
for JupyterLab's page. Screenshots go to build/screenshots/."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder.course import REPO

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = REPO / "build" / "screenshots"
TOKEN = "gancourse-browser-test"

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import (  # noqa: E402
    ElementClickInterceptedException, ElementNotInteractableException, NoSuchElementException,
    StaleElementReferenceException)
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

needs_chromium = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(root, who, default_url, *arguments):
    """JupyterLab on ROOT as the Makefile starts it for WHO (student: make lab, instructor: make
    formgrader); yields its base URL. Its user settings and workspaces (JUPYTER_CONFIG_DIR) are
    its own, in ROOT: what JupyterLab remembers in ~/.jupyter (open tabs, answers to pop-ups)
    changes nothing here, and the two servers do not reopen each other's tabs."""
    port = free_port()
    log_path = root / f"jupyter-{who}.log"
    log = open(log_path, "w")
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(root / "autograder" / "lab" / who),
           "JUPYTER_PATH": str(root / "autograder" / "lab" / "jupyter"),  # the Check button's frontend
           "JUPYTER_CONFIG_DIR": str(root / f"jupyter-config-{who}")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
         "--allow-root", f"--IdentityProvider.token={TOKEN}", "--ServerApp.root_dir=..",
         f"--LabApp.default_url={default_url}", *arguments],
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


def chromium():
    """Debian's chromium, headless, driven by selenium: for a module's ``browser`` fixture to yield and quit."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)), options=options)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return driver


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


def page_config(driver):
    """The page config JupyterLab's server gave this page (labconfig/page_config.json and more)."""
    return driver.execute_script("return JSON.parse(document.getElementById('jupyter-config-data').textContent)")


def open_nbgrader_menu(driver):
    """Open the Nbgrader menu of JupyterLab's menu bar; its items, as shown."""
    click_when_ready(driver, 30, lambda d: [item for item in d.find_elements(
        By.CSS_SELECTOR, "#jp-menu-panel .lm-MenuBar-itemLabel") if item.text == "Nbgrader"][0], "the Nbgrader menu")
    return wait_for(driver, 30, lambda d: [label for label in d.find_elements(
        By.CSS_SELECTOR, "#jp-mainmenu-nbgrader .lm-Menu-itemLabel") if label.text], "the Nbgrader menu's items")


def nbgrader_menu(driver):
    """The items of the Nbgrader menu in JupyterLab's menu bar (a student's has Assignment List), closed again."""
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
