"""Every page a demo account reaches is valid HTML (the Nu Html Checker
finds no error): for each role, the dashboard and everything it links to,
followed two clicks deep within the portal (lists, detail pages, the forms
they can open), one page per kind of address. The pages of all roles are
checked in one run of the checker (tests/htmlcheck.py); each role is then
its own test.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from stakeholders import demo
from tests.htmlcheck import check_pages

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [account.email for account in demo.DEMO_ACCOUNTS]
DEPTH = 2
MAX_PAGES_PER_ROLE = 80
# Not pages: files, feeds, the API, the admin (Django's own), signing out,
# and the other languages (the same templates; the public sweep covers them).
SKIPPED = re.compile(
    r"^/(?:static|media|api|admin|accounts/logout|ru|zh-hans|ko|ja|mn)(?:/|$)"
    r"|\.(?:csv|xlsx|ics|pdf|xml|json|rss|atom|txt|zip|png|jpg|svg)(?:$|\?)"
    r"|/(?:download|export|feed|file)s?/"
)
CONTROL = "control"
CONTROL_HTML = """<!DOCTYPE html><html lang="en"><head><title>Control</title></head><body>
<p><time datetime="2026-12-04T16:42:23.801661+00:00">4 December</time></p>
<p><label>Year <input type="number" size="6"></label></p></body></html>"""
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)', re.IGNORECASE)


def _kind(path: str, query: str):
    """Pages of the same view and the same query keys are one kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    keys = tuple(sorted({part.split("=")[0] for part in query.split("&") if part}))
    return (match.route, keys)


def _crawl(client: Client) -> dict[str, str]:
    pages: dict[str, str] = {}
    seen_kinds = set()
    # the dashboard, and the account pages it does not link to (two-factor
    # sign-in and its first enrolment, for the roles that see them)
    frontier = ["/dashboard/", "/accounts/2fa/", "/accounts/admin-enrolment/"]
    for _depth in range(DEPTH + 1):
        next_frontier = []
        for address in frontier:
            if len(pages) >= MAX_PAGES_PER_ROLE:
                break
            response = client.get(address)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            html = response.content.decode()
            pages[address] = html
            for href in LINK.findall(html):
                href = href.replace("&amp;", "&")
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                    continue
                if SKIPPED.search(href):
                    continue
                kind = _kind(parts.path, parts.query)
                if kind is None or kind in seen_kinds:
                    continue
                seen_kinds.add(kind)
                next_frontier.append(href)
        frontier = next_frontier
    return pages


@pytest.fixture(scope="module")
def html_errors(demo_data_for_module, django_db_blocker):
    """{email: {address: [errors]}} for the pages of every demo account,
    checked in one run of the Nu Html Checker."""
    from django.contrib.auth import get_user_model

    crawled = {}
    with django_db_blocker.unblock():
        for email in DEMO_EMAILS:
            client = Client()
            client.force_login(get_user_model().objects.get(email=email))
            crawled[email] = _crawl(client)
    batch = {
        f"{email} {address}": html
        for email, pages in crawled.items()
        for address, html in pages.items()
    }
    batch[CONTROL] = CONTROL_HTML
    errors = check_pages(batch)
    return {
        CONTROL: {CONTROL: errors[CONTROL]},
        **{
            email: {address: errors[f"{email} {address}"] for address in pages}
            for email, pages in crawled.items()
        },
    }


def test_the_checker_finds_what_the_issue_found(html_errors):
    """A control page in the same run: the checker is really looking."""
    (errors,) = html_errors[CONTROL].values()
    assert any("fraction of a second" in error for error in errors), errors
    assert any("size" in error for error in errors), errors


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_the_signed_in_pages_of_a_role_are_valid_html(html_errors, email):
    pages = html_errors[email]
    assert "/dashboard/" in pages and len(pages) > 5, sorted(pages)
    invalid = {address: errors for address, errors in pages.items() if errors}
    report = "\n".join(
        f"{address}\n    " + "\n    ".join(errors) for address, errors in sorted(invalid.items())
    )
    assert not invalid, f"{len(invalid)} of {len(pages)} pages are not valid HTML:\n{report}"
