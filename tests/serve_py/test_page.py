"""The page at `/` in headless Chromium (Debian's chromium and chromium-driver), driven by
Selenium: load the seed, see the findings underlined and listed, apply the Zelenskiy fix with
the keyboard, apply all safe fixes, and check the text against `copydesk check --fix`.

`COPYDESK_SCREENSHOT=docs/serve.png` saves the page, as checked, for docs/serve.md.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="copydesk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,1700",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def status(driver) -> str:
    return driver.find_element(By.ID, "status").text


def wait_status(driver, starts: str) -> str:
    WebDriverWait(driver, 20).until(lambda d: status(d).startswith(starts))
    return status(driver)


def entries(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#findings > li")


def test_check_fix_one_and_fix_all(server, seed, browser):
    expected = server.cli_findings(seed)
    browser.get(server.url + "/")
    story = browser.find_element(By.ID, "story")
    # Every control has a label.
    for control in ("story", "profile", "date"):
        assert browser.find_element(By.CSS_SELECTOR, f"label[for={control}]").text
    WebDriverWait(browser, 10).until(
        lambda d: len(Select(d.find_element(By.ID, "profile")).options) >= 2
    )
    house = Select(browser.find_element(By.ID, "profile"))
    assert [o.text for o in house.options] == ["ap", "reuters"]
    house.select_by_visible_text("ap")
    # Paste the seed (set at once, as a paste does) and check it with the keyboard.
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
        story,
        seed,
    )
    story.send_keys(Keys.CONTROL, Keys.ENTER)
    n = len(expected)
    safe = sum(1 for f in expected if any(x["safety"] == "safe" for x in f["fixes"]))
    assert wait_status(browser, f"{n} findings") == f"{n} findings, {safe} with a safe fix (ap, 2025-11-26)."
    # The findings, listed in order, and underlined in the story.
    items = entries(browser)
    assert [i.get_attribute("data-rule") for i in items] == [f["rule"] for f in expected]
    assert [i.find_element(By.CLASS_NAME, "message").text for i in items] == [f["message"] for f in expected]
    marks = browser.find_elements(By.CSS_SELECTOR, "#marked a")
    zel = [m for m in marks if m.text == "Zelenskiy"]
    assert len(zel) == 4
    assert zel[0].get_attribute("title") == "AP spells this name “Zelenskyy”, not “Zelenskiy”."
    assert browser.find_element(By.ID, "marked").text == seed.rstrip("\n")
    if os.environ.get("COPYDESK_SCREENSHOT"):
        browser.save_screenshot(os.environ["COPYDESK_SCREENSHOT"])
    # Follow the first Zelenskiy underline to its entry and apply its fix from the keyboard.
    target = zel[0].get_attribute("href").split("#", 1)[1]
    zel[0].send_keys(Keys.ENTER)
    entry = browser.find_element(By.ID, target)
    button = entry.find_element(By.CSS_SELECTOR, "button.apply")
    assert button.text == "Replace with “Zelenskyy”"
    button.send_keys(Keys.ENTER)
    wait_status(browser, f"{n - 1} findings")
    text = story.get_attribute("value")
    assert text == seed.replace("Zelenskiy", "Zelenskyy", 1)
    assert [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#marked a")].count("Zelenskiy") == 3
    # Every safe fix: the text `copydesk check --fix` writes.
    browser.find_element(By.ID, "fix-all").click()
    wait_status(browser, "Applied ")
    fixed = story.get_attribute("value")
    assert fixed == server.cli("--fix", stdin=seed)
    assert "Zelenskiy" not in fixed and fixed.count("Zelenskyy") == 4
    assert "“tremendous progress”" in fixed
    left = server.cli_findings(fixed)
    assert [i.get_attribute("data-rule") for i in entries(browser)] == [f["rule"] for f in left]
    applied = len(server.cli_findings(text)) - len(left)
    assert status(browser).startswith(f"Applied ")
    assert applied > 0


def test_errors_are_shown(server, browser):
    browser.get(server.url + "/")
    WebDriverWait(browser, 10).until(
        lambda d: len(Select(d.find_element(By.ID, "profile")).options) >= 2
    )
    # A house the server does not have, as a stale page might send.
    browser.execute_script(
        "const o = document.createElement('option'); o.value = o.textContent = 'gone';"
        "document.getElementById('profile').append(o);"
    )
    Select(browser.find_element(By.ID, "profile")).select_by_value("gone")
    browser.find_element(By.ID, "story").send_keys("Zelenskiy met the US envoy.")
    browser.find_element(By.ID, "check").click()
    WebDriverWait(browser, 10).until(lambda d: status(d).startswith("Could not check"))
    assert status(browser) == (
        "Could not check: the request's `profile`: unknown profile `gone`; this server has ap, reuters"
    )
    assert "failed" in browser.find_element(By.ID, "status").get_attribute("class")
