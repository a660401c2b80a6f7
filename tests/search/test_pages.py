"""The search page: results grouped by kind, one kind page by page, friendly
answers to empty, long and odd queries (never a 500), nothing unescaped."""

import re

import pytest
from django.apps import apps

from activities.models import Activity
from search.registry import providers
from tests.factories import OrganisationFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.documents import DocumentFactory
from tests.factories.workinggroups import WorkingGroupFactory

from .conftest import ON_POSTGRES, SEARCH_URL, found, plain, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    OrganisationFactory(name="Amur Tiger Centre", description="Studies big cats.")
    WorkingGroupFactory(name="Tiger survey group", mandate="Counts tigers in winter.")
    ActivityFactory(title="Joint tiger patrol", description="Rangers walk the border.")
    DocumentFactory(title="Tiger census 2025", description="Camera-trap results.")
    ProtectedAreaFactory(name="Hunchun Tiger Reserve", description="Reserve in Jilin.")
    OrganisationFactory(name="Forest Bureau", description="Protects the forest.")
    if NEWS:
        from tests.factories.news import ArticleFactory

        ArticleFactory(title="Tiger cubs counted", summary="Good news.", body="<p>Three.</p>")


NEWS = apps.is_installed("news")
EXPECTED = {
    **({"news": ["Tiger cubs counted"]} if NEWS else {}),
    "organisations": ["Amur Tiger Centre"],
    "groups": ["Tiger survey group"],
    "activities": ["Joint tiger patrol"],
    "documents": ["Tiger census 2025"],
    "protected-areas": ["Hunchun Tiger Reserve"],
}


def test_results_are_grouped_by_kind_with_headings_counts_and_kind_labels(client, corpus):
    response = search(client, "tiger")
    assert found(client, "tiger") == EXPECTED
    assert list(found(client, "tiger")) == list(EXPECTED)  # in the registry's order
    page = response.content.decode()
    for heading in ["Organisations", "Working groups", "Activities", "Documents"]:
        assert re.search(rf"<h2 id=\"results-[\w-]+\">{heading} <span class=\"meta\">\(1\)", page)
    assert f"{len(EXPECTED)} results for “tiger”" in page
    assert '<p class="meta">Protected area</p>' in page
    assert "<mark>Tiger</mark>" in page


def test_each_result_links_to_its_page(client, corpus):
    response = search(client, "tiger")
    hits = {group.provider.key: group.hits[0] for group in response.context["kinds"]}
    activity = Activity.objects.get(title="Joint tiger patrol")
    assert hits["activities"].url == activity.get_absolute_url()
    assert hits["protected-areas"].url.startswith("/protected-areas/")
    for hit in hits.values():
        assert client.get(hit.url).status_code == 200, hit.url


def test_a_kind_with_more_matches_than_shown_links_to_its_own_pages(client, db):
    for n in range(27):
        OrganisationFactory(name=f"Leopard trust {n:02}")
    response = search(client, "leopard")
    (group,) = response.context["kinds"]
    assert group.total == 27 and len(group.hits) == 5 and group.has_more
    page = response.content.decode()
    assert f"{SEARCH_URL}?q=leopard&amp;kind=organisations" in page
    assert "All 27 results in Organisations" in page

    first = search(client, "leopard", kind="organisations")
    assert first.context["results"].total == 27
    assert len(first.context["results"].hits) == 20
    assert 'rel="next"' in first.content.decode()
    assert "page 1 of 2" in first.content.decode()

    second = search(client, "leopard", kind="organisations", page=2)
    assert [plain(hit.title) for hit in second.context["results"].hits] == [
        f"Leopard trust {n}" for n in range(20, 27)
    ]
    assert '<ol class="search-results" start="21">' in second.content.decode()

    # past the end: the last page, as elsewhere in the portal
    beyond = search(client, "leopard", kind="organisations", page=99)
    assert beyond.context["page"].number == 2
    for odd in ("x", "-3", "0", "1.5", "9" * 40, "２"):
        response = search(client, "leopard", kind="organisations", page=odd)
        assert response.context["page"].number in (1, 2), odd


def test_a_query_string_that_is_not_utf8_is_no_error(client, corpus):
    for query_string in ("q=%FF%FEtiger", "q=%C0%AF", "q=tiger&q=%00", "q=%E4%B8", "kind=%FF&q=x"):
        response = client.get(f"{SEARCH_URL}?{query_string}")
        assert response.status_code == 200, query_string


def test_an_unknown_kind_searches_everything(client, corpus):
    assert set(found(client, "tiger", kind="nonsense")) == {p.key for p in providers()}


def test_a_kind_without_matches_says_so(client, corpus):
    response = search(client, "forest", kind="documents")
    assert "Nothing in Documents matches “forest”." in response.content.decode()


def test_an_empty_query_asks_for_words(client, corpus, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = search(client, "")
    assert "Type a word or two to search the portal." in response.content.decode()
    assert client.get(SEARCH_URL).status_code == 200


def test_nothing_found_is_said_plainly(client, corpus):
    response = search(client, "zebra")
    assert "Nothing found for “zebra”." in response.content.decode()
    assert response.context["kinds"] == []


def test_a_long_query_is_shortened_with_a_message(client, corpus):
    response = search(client, "tiger " + "x" * 5000)
    page = response.content.decode()
    assert "only its first 200 characters were searched for" in page
    assert response.context["terms"].text == "tiger"
    assert found(client, "tiger " + "x" * 5000)["activities"] == ["Joint tiger patrol"]


ODD_QUERIES = [
    '"tiger"',
    "'tiger'",
    "' OR 1=1 --",
    "'; DROP TABLE stakeholders_organisation; --",
    "%",
    "_",
    "%tiger%",
    "tig_r",
    "\\",
    "tiger & | ! ( ) : * <-> leopard",
    "tiger:*",
    "!tiger",
    "🐯",
    "🐯 tiger",
    "中文",
    "东北虎豹国家公园",
    "кириллица",
    "Амурский тигр",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00tiger",
    "tiger\ue000",
    "a" * 300,
    "x " * 150,
    "ｔｉｇｅｒ",
    "١٢٣",
    "null",
    "NaN",
    "${7*7}",
    "{{ 7|add:7 }}",
    "{% debug %}",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_answer_with_results_or_a_message(client, corpus, query):
    for params in ({}, {"kind": "organisations"}, {"kind": "documents", "page": "2"}):
        response = search(client, query, **params)
        page = response.content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "49" not in re.findall(r"\d+", page) or query != "${7*7}"
        has_results = response.context.get("kinds") or (
            response.context.get("results") and response.context["results"].hits
        )
        assert has_results or "Nothing" in page or "Type a word" in page


def test_content_that_looks_like_html_is_shown_as_text(client, db):
    OrganisationFactory(
        name="<b>Bold</b> tiger society",
        description='Before <script>alert("x")</script> the tiger <img src=x onerror=alert(1)>',
    )
    page = search(client, "tiger").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; <mark>tiger</mark> society" in page
    # The snippet: escaped text on SQLite; on PostgreSQL ts_headline leaves
    # tag-like words out altogether. Either way only our <mark> is HTML.
    (hit,) = search(client, "tiger").context["kinds"][0].hits
    assert "<mark>tiger</mark>" in hit.snippet
    assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0
    if not ON_POSTGRES:
        assert "&lt;script&gt;" in hit.snippet


def test_the_search_page_works_in_every_language(client, corpus):
    for prefix in ("/ru", "/zh-hans"):
        response = client.get(f"{prefix}/search/", {"q": "tiger"})
        assert response.status_code == 200
        assert len(response.context["kinds"]) == len(EXPECTED)


def test_the_header_of_every_page_has_the_search_box(client, corpus):
    page = client.get("/members/").content.decode()
    assert '<form role="search" action="/search/"' in page
    assert '<label for="site-search" class="visually-hidden">Search the portal</label>' in page
    assert '<input type="search" id="site-search" name="q"' in page
    russian = client.get("/ru/members/").content.decode()
    assert 'action="/ru/search/"' in russian


def test_only_get_and_head(client, corpus):
    assert client.post(SEARCH_URL, {"q": "tiger"}).status_code == 405
    assert client.head(SEARCH_URL, {"q": "tiger"}).status_code == 200


def test_visitors_results_are_served_from_the_page_cache(client, corpus, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    assert search(client, "tiger")["X-Page-Cache"] == "miss"
    assert search(client, "tiger")["X-Page-Cache"] == "hit"
    ActivityFactory(title="Second tiger patrol")  # public content changed
    response = search(client, "tiger")
    assert response["X-Page-Cache"] == "miss"
    assert "Second <mark>tiger</mark> patrol" in response.content.decode()
