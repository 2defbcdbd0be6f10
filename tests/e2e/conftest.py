"""Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live server."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"

# Every e2e test runs against the live server, so it is transactional; the
# migrations' rows (root page, default site, locales, groups) come back
# before each one instead of being flushed away. Each module sets
# `pytestmark = LIVE_DATABASE`.
LIVE_DATABASE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser(_django_db_helper):
    """A fresh Chromium per test, started after the test's database is set up:
    Playwright runs the test body in a context of its own, where Django opens
    another connection that a module-wide browser would start without the
    migrations' rows restored."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, and Django
    # then refuses ORM calls from the test body as "async". Nothing async
    # shares the connection here: the live server answers in its own threads.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
            # The connection Django opened for the test body in Playwright's
            # context; left open, PostgreSQL refuses to drop the test database.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visitor:
    """One person's browser: their own cookies and, behind the balancer, their own address."""

    def __init__(self, browser, base_url: str, forwarded_for: str = ""):
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        self.context = browser.new_context(base_url=base_url, extra_http_headers=headers)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def goto(self, path: str):
        return self.page.goto(path)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("form.login-form button[type=submit]")

    def sign_out(self) -> None:
        self.page.request.post(
            "/admin/logout/",
            form={"csrfmiddlewaretoken": self.csrf_token()},
            headers={"Referer": self.page.url},
        )

    def csrf_token(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == "csrftoken")

    def enter_code(self, code: str) -> None:
        self.page.fill("#id_code", code)
        with self.page.expect_navigation():
            self.page.click("form.login-form button[type=submit]")

    def csp_violations(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text]


@pytest.fixture
def visitors(browser, live_server):
    opened = []

    def open_visitor(forwarded_for: str = "") -> Visitor:
        visitor = Visitor(browser, live_server.url, forwarded_for)
        opened.append(visitor)
        return visitor

    yield open_visitor
    for visitor in opened:
        visitor.context.close()


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(
        username="agency-admin", email="admin@agency.example", password=PASSWORD
    )
