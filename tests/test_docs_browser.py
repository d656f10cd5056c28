"""The interactive docs work in a real browser with no network: Swagger UI, then ReDoc.

Headless Chromium (Debian's ``chromium`` and ``chromium-driver``) resolves no
host but the app's loopback address, as on an air-gapped machine, and opens
``/docs``: the operations render, "Authorize" signs in through the OAuth2
password flow, and "Try it out" on ``GET /api/v1/users/me`` answers 200 with
the account. Every resource the page loaded came from the app. ``.ci/run``
installs the browser; without it the test skips with the reason, and fails
under ``CI=true``.

Slow: it serves the app (``served_products_app``) and drives a browser.
"""

import shutil
from collections.abc import Iterator

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from bench.harness import Server
from tests.servers import running_in_ci

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--window-size=1400,1000",
    # Offline: every host name but the app's address fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)
EMAIL, PASSWORD = "docs@example.com", "correct horse battery staple 42"
WAIT_SECONDS = 30


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """Headless Chromium through Selenium; skipped (failed in CI) when it is not installed."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if shutil.which(path) is None]
    if missing:
        reason = (
            f"{' and '.join(missing)} missing: apt-get install chromium chromium-driver "
            "(.ci/run does)"
        )
        if running_in_ci():
            pytest.fail(reason)
        pytest.skip(reason)

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def test_swagger_ui_renders_offline_authorizes_and_calls_the_api(
    served_products_app: Server, browser: WebDriver
) -> None:

    base_url = served_products_app.base_url
    registered = httpx.post(
        f"{base_url}/api/v1/auth/register", json={"email": EMAIL, "password": PASSWORD}
    )
    assert registered.status_code == 201, registered.text
    wait = WebDriverWait(browser, WAIT_SECONDS)

    browser.get(f"{base_url}/docs")
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
    paths = {
        element.text for element in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    }
    assert {"/api/v1/auth/register", "/api/v1/users/me", "/api/v1/products"} <= paths

    browser.find_element(By.CSS_SELECTOR, "button.authorize").click()
    username = wait.until(
        expected_conditions.visibility_of_element_located((By.ID, "oauth_username"))
    )
    username.send_keys(EMAIL)
    browser.find_element(By.ID, "oauth_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, ".auth-btn-wrapper button.authorize").click()
    wait.until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "button.btn-done"))
    ).click()

    read_me = browser.find_element(By.ID, "operations-users-read_me")
    read_me.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait.until(lambda _: read_me.find_element(By.CSS_SELECTOR, "button.try-out__btn")).click()
    wait.until(lambda _: read_me.find_element(By.CSS_SELECTOR, "button.execute")).click()
    status = wait.until(
        lambda _: read_me.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response")
    )
    assert status.find_element(By.CSS_SELECTOR, ".response-col_status").text == "200"
    assert f'"email": "{EMAIL}"' in status.text

    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert f"{base_url}/docs/assets/swagger-ui-bundle.js" in loaded
    assert all(url.startswith(f"{base_url}/") for url in loaded), loaded


def test_redoc_renders_offline(served_products_app: Server, browser: WebDriver) -> None:

    browser.get(f"{served_products_app.base_url}/redoc")
    sections = WebDriverWait(browser, WAIT_SECONDS).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, "[data-section-id^='operation/']")
    )
    ids = {section.get_attribute("data-section-id") for section in sections}
    assert {"operation/read_me", "operation/list_products"} <= ids
