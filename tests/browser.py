"""Driving Debian's chromium, headless, through Selenium and chromium-driver (no browser download):
what the browser tests share (tests/test_browser.py, tests/test_hub.py)."""

from pathlib import Path

import pytest

from autograder.course import REPO

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = REPO / "build" / "screenshots"

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import (  # noqa: E402
    ElementClickInterceptedException, ElementNotInteractableException, NoSuchElementException,
    StaleElementReferenceException)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

needs_chromium = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                    reason="needs Debian's chromium and chromium-driver (make test installs them)")


def start_chromium():
    """A headless chromium; screenshots go to SCREENSHOTS."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)), options=options)


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


def open_nbgrader_menu(driver):
    """Open the Nbgrader menu of JupyterLab's menu bar; its items, as shown."""
    click_when_ready(driver, 30, lambda d: [item for item in d.find_elements(
        By.CSS_SELECTOR, "#jp-menu-panel .lm-MenuBar-itemLabel") if item.text == "Nbgrader"][0], "the Nbgrader menu")
    return wait_for(driver, 30, lambda d: [label for label in d.find_elements(
        By.CSS_SELECTOR, "#jp-mainmenu-nbgrader .lm-Menu-itemLabel") if label.text], "the Nbgrader menu's items")
