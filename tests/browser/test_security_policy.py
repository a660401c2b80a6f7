"""The Content-Security-Policy breaks nothing: the home page, the map, an
import's progress page, the API docs and the admin run in a real browser
without a single violation reported."""

import datetime
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from monitoring.models import ImportJob
from stakeholders.models import Role
from tests.browser.test_monitoring import _pending_job
from tests.factories import CountryFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.monitoring import centre_staff

pytestmark = pytest.mark.browser

UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
    });
});
"""


@pytest.fixture
def watched(new_page):
    """`watched(**page_options)` opens a page that records CSP violations;
    `violations(page)` lists them (events and console messages)."""
    console = {}

    def open_page(**options):
        page = new_page(**options)
        page.add_init_script(RECORD_VIOLATIONS)
        messages = console[page] = []
        page.on(
            "console",
            lambda message: (
                messages.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return page

    def violations(page):
        return page.evaluate("() => window.__cspViolations") + console[page]

    open_page.violations = violations
    return open_page


@pytest.fixture
def portal(transactional_db, settings, tmp_path):
    settings.MAP_TILE_URL = UNREACHABLE_TILES
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    china = CountryFactory(code="CN", name="China")
    area = ProtectedAreaFactory(
        name="Hunchun", country=china, latitude=Decimal("43.2"), longitude=Decimal("130.8")
    )
    ActivityFactory(
        title="Joint winter patrol",
        countries=[china],
        protected_areas=[area],
        latitude=Decimal("43.30000"),
        longitude=Decimal("131.00000"),
        starts_on=datetime.date(2024, 1, 5),
    )
    return InformationCentreFactory(
        name="Feline Research Center", host=OrganisationFactory(country=china), country=china
    )


def assert_no_violation(watched, page):
    page.wait_for_timeout(300)  # a violation event is dispatched asynchronously
    assert watched.violations(page) == [], f"CSP violations on {page.url}"


def test_public_pages_run_under_the_policy(portal, watched):
    page = watched()
    page.goto("/")
    expect(page.get_by_role("main")).to_be_visible()
    assert_no_violation(watched, page)

    page.goto("/activities/map/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#activity-map")).to_have_attribute("data-markers", "1")
    assert_no_violation(watched, page)

    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Partnership Portal API")).to_be_visible()
    expect(page.locator("#operations-organisations-organisations_list")).to_be_visible()
    assert_no_violation(watched, page)


def test_the_import_progress_page_runs_under_the_policy(portal, watched):
    staff = centre_staff(portal, UserFactory(full_name="Li Information Officer"))
    job = _pending_job(portal, staff, rows=20)
    # a worker has it half done
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, total=20, progress=10
    )
    page = watched(session_user=staff)
    page.goto(job.get_absolute_url())
    expect(page.get_by_role("status")).to_contain_text("10 of 20 rows checked")
    # the script is running: the no-JavaScript reload link stays hidden
    expect(page.get_by_role("link", name="Reload to see the progress")).to_be_hidden()
    assert_no_violation(watched, page)


def test_the_admin_runs_under_the_policy(portal, watched):
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    TOTP.activate(secretariat, generate_totp_secret())
    page = watched(session_user=secretariat)
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    assert_no_violation(watched, page)
    page.goto("/admin/activities/activity/")
    expect(page.locator("#result_list")).to_contain_text("Joint winter patrol")
    assert_no_violation(watched, page)


def test_a_violation_would_be_seen(portal, watched, settings):
    """The watcher is not blind: with scripts forbidden, the map's script is
    blocked and reported."""
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": policy["DIRECTIVES"] | {"script-src": ["'none'"]}
    }
    page = watched()
    page.goto("/activities/map/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(0)
    page.wait_for_timeout(300)
    assert any(
        isinstance(violation, dict) and violation["directive"] == "script-src-elem"
        for violation in watched.violations(page)
    ), watched.violations(page)
