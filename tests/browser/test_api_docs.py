"""The interactive API documentation works in a real browser with nothing
but the portal's own assets: Swagger UI loads the schema and lists the
operations, and trying one out returns real data."""

import pytest
from playwright.sync_api import expect

from stakeholders import demo

pytestmark = pytest.mark.browser


@pytest.fixture
def members(transactional_db):
    demo.seed_vocabulary()
    demo.seed_organisations()


def test_swagger_ui_lists_and_tries_an_operation_offline(members, page, live_server):
    remote = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else remote.append(request.url)
        ),
    )
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Partnership Portal API")).to_be_visible()
    operation = page.locator("#operations-organisations-organisations_list")
    expect(operation).to_be_visible()
    operation.get_by_role("button").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(operation.locator(".responses-wrapper .live-responses-table")).to_contain_text(
        "World Wide Fund for Nature"
    )
    assert remote == [], f"the docs page reached outside the portal: {remote}"
