"""What the pages reuse between requests (common/fragments.py): the layout's
fragments, per language, address and navigation permissions; content blocks,
per reader and content version; and the work behind them done only when a
block is rendered."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from activities.models import Activity
from activities.totals import achieved_totals
from common.fragments import FRAGMENTS, Deferred, content_version
from common.pagecache import invalidate_public_pages
from partnership.backends import SignInBackend
from stakeholders.models import Role
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import ActivityFactory, IndicatorFactory, ReportFactory
from tests.factories.workinggroups import WorkingGroupFactory
from tests.querycount import count_queries
from workinggroups.models import JoinRequest

BLOCKS_ON = override_settings(CONTENT_BLOCK_CACHE_SECONDS=60)


def test_deferred_computes_once_and_only_when_asked():
    calls = []
    value = Deferred(lambda: calls.append(1) or [1, 2, 3])
    assert calls == []
    assert value() == [1, 2, 3] and len(value) == 3 and list(value) == [1, 2, 3]
    assert value[0] == 1 and value == [1, 2, 3]
    assert calls == [1]


@pytest.mark.django_db
def test_the_layout_fragments_are_rendered_once_per_language_and_address(client):
    FRAGMENTS.clear()
    first = client.get("/events/").content.decode()
    stored = len(FRAGMENTS)
    assert stored >= 3  # head links, navigation, language menu, footer
    assert client.get("/events/").content.decode() == first
    assert len(FRAGMENTS) == stored  # reused, nothing new
    russian = client.get("/ru/events/").content.decode()
    assert len(FRAGMENTS) > stored  # another language: its own fragments
    assert 'href="/events/" lang="en"' in russian and '<html lang="ru"' in russian
    # the current page is marked in each language's navigation
    assert 'href="/ru/events/" aria-current="page"' in russian


@pytest.mark.django_db
def test_the_navigation_follows_the_readers_roles_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert "/members/applications/" not in client.get("/events/").content.decode()
    today = datetime.date.today()
    role = RoleAssignmentFactory(
        user=user, role=Role.FOCAL_POINT, starts_on=today - datetime.timedelta(days=30)
    )
    assert "/members/applications/" in client.get("/events/").content.decode()
    role.ends_on = today  # ended: no longer active today
    role.save()
    assert "/members/applications/" not in client.get("/events/").content.decode()


@pytest.mark.django_db
def test_a_content_block_is_reused_until_content_changes(client):
    ActivityFactory(title="Border patrol one")
    with BLOCKS_ON:
        first = count_queries(client, "/activities/")
        again = count_queries(client, "/activities/")
        assert again < first  # the list, its totals and its filters come from the cache
        ActivityFactory(title="Border patrol two")  # a change to public content
        page = client.get("/activities/").content.decode()
    assert "Border patrol one" in page and "Border patrol two" in page


@pytest.mark.django_db
def test_a_content_block_is_kept_per_reader(client):
    ActivityFactory(title="Approved patrol")
    ActivityFactory(title="Draft survey not yet approved", status=Activity.Status.PROPOSED)
    secretariat = UserFactory()
    RoleAssignmentFactory(user=secretariat, role=Role.SECRETARIAT, country=None)
    with BLOCKS_ON:
        visitor_page = client.get("/activities/").content.decode()
        client.force_login(secretariat)
        staff_page = client.get("/activities/").content.decode()
        client.logout()
        visitor_again = client.get("/activities/").content.decode()
    assert "Draft survey not yet approved" not in visitor_page
    assert "Draft survey not yet approved" in staff_page
    assert "Draft survey not yet approved" not in visitor_again


@pytest.mark.django_db
def test_filter_widgets_come_from_the_cache_with_their_selection(client):
    OrganisationFactory(name="Amur Tiger Centre")
    with BLOCKS_ON:
        client.get("/members/")
        client.get("/members/?country=CN")
        plain = client.get("/members/").content.decode()
        chosen = client.get("/members/?country=CN").content.decode()
    assert 'value="CN" selected' in chosen
    assert 'value="CN" selected' not in plain


@pytest.mark.django_db
def test_totals_are_summed_once_per_selection_and_content_version(django_assert_num_queries):
    activity = ActivityFactory(status=Activity.Status.COMPLETED)
    IndicatorFactory(activity=activity, achieved=7)
    ReportFactory(activity=activity, status="accepted")
    visible = Activity.objects.all()
    with BLOCKS_ON:
        first = achieved_totals(visible)
        with django_assert_num_queries(0):
            assert achieved_totals(visible).overall == first.overall
        before = content_version()
        other = ActivityFactory(status=Activity.Status.COMPLETED)
        IndicatorFactory(activity=other, indicator_type=first.types[0], achieved=5)
        ReportFactory(activity=other, status="accepted")  # each save bumps the version
        assert content_version() != before
        assert sum(achieved_totals(visible).overall) == 12


@pytest.mark.django_db
def test_the_directory_pages_through_the_readers_order(client):
    for name in ("Zebra Trust", "Amur Fund", "Mountain Reserve"):
        OrganisationFactory(name=name)
    with BLOCKS_ON:
        page = client.get("/members/").content.decode()
        assert page.index("Amur Fund") < page.index("Mountain Reserve") < page.index("Zebra Trust")
        OrganisationFactory(name="Birch Institute")
        page = client.get("/members/").content.decode()
    assert page.index("Amur Fund") < page.index("Birch Institute") < page.index("Mountain Reserve")


@pytest.mark.django_db
def test_without_the_setting_nothing_is_kept(client):
    """CONTENT_BLOCK_CACHE_SECONDS=0 (as in the other tests): every request
    does the whole work, and nothing stale can be shown."""
    ActivityFactory(title="Patrol A")
    client.get("/activities/")
    assert count_queries(client, "/activities/") == count_queries(client, "/activities/")
    ActivityFactory(title="Patrol B")
    invalidate_public_pages()
    assert "Patrol B" in client.get("/activities/").content.decode()


@pytest.mark.django_db
def test_the_sign_in_backend_grants_nothing_and_superusers_keep_everything():
    user = UserFactory()
    backend = SignInBackend()
    assert backend.get_all_permissions(user) == set()
    assert not backend.has_perm(user, "stakeholders.view_person")
    admin = UserFactory(is_superuser=True)
    assert admin.has_perm("stakeholders.view_person")
    assert not AnonymousUser().has_perm("stakeholders.view_person")
    cache.clear()


def _token(html: str, action: str) -> str:
    """The CSRF token inside the form posting to `action` (the header's
    sign-out form, rendered on every request, carries its own)."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S).group(0)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


@pytest.mark.django_db
def test_a_form_in_a_readers_block_keeps_working_after_signing_in_again():
    """The block carries a CSRF token: the reader's CSRF secret is in its key,
    so a token from before signing in again is never served after it."""
    group = WorkingGroupFactory()
    organisation = OrganisationFactory()
    user = UserFactory()
    PersonFactory(user=user, organisation=organisation)
    browser = Client(enforce_csrf_checks=True)
    with BLOCKS_ON:
        browser.force_login(user)
        first = browser.get(group.get_absolute_url()).content.decode()
        browser.logout()
        browser.force_login(user)  # a new session
        browser.cookies.pop(settings.CSRF_COOKIE_NAME, None)  # and a new CSRF secret
        again = browser.get(group.get_absolute_url()).content.decode()
        join = reverse("workinggroups:join", args=[group.slug])
        response = browser.post(
            join, {"organisation": organisation.pk, "csrfmiddlewaretoken": _token(again, join)}
        )
    assert _token(first, join) != _token(again, join)
    assert response.status_code == 302
    assert JoinRequest.objects.filter(group=group, user=user).exists()


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_is_neither_kept_nor_replaced(client):
    group = WorkingGroupFactory()
    organisation = OrganisationFactory()
    user = UserFactory()
    PersonFactory(user=user, organisation=organisation)
    client.force_login(user)
    with BLOCKS_ON:
        client.get(group.get_absolute_url())  # the block is kept
        refused = client.post(reverse("workinggroups:join", args=[group.slug]), {"organisation": 0})
        page = client.get(group.get_absolute_url())
    assert refused.status_code == 400
    assert 'class="errorlist' in refused.content.decode()
    assert 'class="errorlist' not in page.content.decode()
