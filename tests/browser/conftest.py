"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Playwright cannot download its own browsers here, so it launches the system
Chromium. Without one the browser tests are skipped, unless
PORTAL_REQUIRE_BROWSER=1 (CI), in which case they fail.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread, which
# otherwise makes every ORM call in the test trip Django's async-safety check.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _browser_unavailable(reason: str):
    if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PORTAL_REQUIRE_BROWSER=1 requires the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _browser_unavailable(f"no Chromium at {CHROMIUM}: install Debian's chromium package")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements-dev.txt
        _browser_unavailable("Playwright is not installed")
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (its own cookies): a new visitor."""
    contexts = []

    def open_page(*, viewport=None, session_user=None):
        options = {"base_url": live_server.url, "locale": "en-GB"}
        if viewport:
            options["viewport"] = viewport
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        if session_user is not None:
            sign_in_by_cookie(context, session_user, live_server.url)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in_by_cookie(context, user, url):
    """Sign the context in as `user` without the login form (Django's test client)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def format_violations(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"        {summary[:400]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    """`axe(page)` runs axe-core (WCAG 2.0/2.1 A and AA, best practices) on the
    page as it is now and fails the test on any violation."""
    source = _axe_source()

    def check(page, *, context=None):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated by the test driver, not as an inline <script> tag: the
            # portal's Content-Security-Policy rightly blocks those.
            page.evaluate(source)
        results = page.evaluate(
            """([context, tags]) => axe.run(context || document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            [context, AXE_TAGS],
        )
        violations = results["violations"]
        if violations:
            report = format_violations(violations)
            print(f"axe-core violations on {page.url}:\n{report}")
            pytest.fail(
                f"axe-core found {len(violations)} violation(s) on {page.url}:\n{report}",
                pytrace=False,
            )
        return results

    return check
