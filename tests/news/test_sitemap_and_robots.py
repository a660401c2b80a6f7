"""/sitemap.xml lists every public page in every interface language, each with
its hreflang alternates (and x-default), and nothing that is not public;
/robots.txt lets everything be crawled but the admin, the accounts and the
API, and points to the sitemap."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from activities.models import Activity
from news.models import Article
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.documents import DocumentFactory
from tests.factories.meetings import CommitteeMeetingFactory, PublicEventFactory
from tests.factories.news import AboutPageFactory, ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGE_PREFIXES = {code: "" if code == "en" else f"/{code}" for code, _name in settings.LANGUAGES}


def sitemap(client) -> dict[str, dict[str, str]]:
    """path -> {hreflang: alternate path}"""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        location = url.find("s:loc", NS).text
        assert urlsplit(location).netloc == urlsplit(settings.SITE_URL).netloc
        entries[urlsplit(location).path] = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.findall("x:link", NS)
        }
    return entries


def assert_in_every_language(entries, path):
    for code, prefix in LANGUAGE_PREFIXES.items():
        assert prefix + path in entries, f"{prefix + path} is missing"
        alternates = entries[prefix + path]
        assert alternates == {
            **{c: p + path for c, p in LANGUAGE_PREFIXES.items()},
            "x-default": path,
        }, code


def test_every_public_page_in_every_language_with_alternates(client, centre_cn, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    article = ArticleFactory(slug="joint-patrols", author_centre=centre_cn)
    about = AboutPageFactory(slug="goals")
    organisation = OrganisationFactory(slug="wwf")
    group = WorkingGroupFactory(slug="camera-trapping")
    activity = ActivityFactory(status=Activity.Status.ONGOING)
    area = ProtectedAreaFactory(slug="hunchun-nature-reserve")
    event = PublicEventFactory(group=None)
    document = DocumentFactory(versions=0)

    entries = sitemap(client)
    for path in [
        "/",
        "/news/",
        "/about/",
        "/members/",
        "/working-groups/",
        "/activities/",
        "/activities/map/",
        "/centres/",
        "/events/",
        "/documents/",
        "/committee/",
        article.get_absolute_url(),
        about.get_absolute_url(),
        organisation.get_absolute_url(),
        group.get_absolute_url(),
        activity.get_absolute_url(),
        f"/protected-areas/{area.slug}/",
        centre_cn.get_absolute_url(),
        event.get_absolute_url(),
        document.get_absolute_url(),
    ]:
        assert_in_every_language(entries, path)
    # every listed page opens for a visitor
    for path in entries:
        assert client.get(path).status_code == 200, path


def test_nothing_that_is_not_public(client, centre_cn, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    draft = ArticleFactory(author_centre=centre_cn, status=Article.Status.DRAFT, publish_at=None)
    hidden_about = AboutPageFactory(status="draft")
    suspended = OrganisationFactory(status=Organisation.Status.SUSPENDED)
    proposal = ActivityFactory(status=Activity.Status.PROPOSED)
    committee = CommitteeMeetingFactory()
    members_only = DocumentFactory(access="members", versions=0)

    paths = set(sitemap(client))
    for obj in (draft, hidden_about, suspended, proposal, committee, members_only):
        assert obj.get_absolute_url() not in paths
        assert "/ru" + obj.get_absolute_url() not in paths


def test_robots_txt_allows_all_but_admin_accounts_api_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for path in ("/admin/", "/accounts/", "/api/", "/ru/admin/", "/zh-hans/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)
