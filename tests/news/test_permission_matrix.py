"""Who writes and publishes news for which centre, on the demo data.

Information-centre staff write and publish for their own centre only (the
Chinese centre for centre-cn@demo.example); the secretariat for every centre;
a country focal point and a visitor not at all. Allowed means the page opens
or the article is saved; denied means 403 or 404 (or the Russian centre not
being offered at all) for a signed-in user, the sign-in page for a visitor,
and in every case nothing saved."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from activities.models import InformationCentre
from news import demo, services
from news.models import Article

ANONYMOUS = "anonymous"
SECRETARIAT = "secretariat@demo.example"
CENTRE_CN = "centre-cn@demo.example"
FOCAL_CN = "focal-cn@demo.example"
ACCOUNTS = [ANONYMOUS, SECRETARIAT, CENTRE_CN, FOCAL_CN]

CHINESE_CENTRE = "feline-research-center"
RUSSIAN_CENTRE = "far-east-environmental-control"
CHINESE_ARTICLE = "harbin-consensus-2019"  # written by the Chinese centre
RUSSIAN_ARTICLE = "joint-patrols-guard-the-border-forest"  # by the Russian centre

ALLOWED = {
    "open_the_new_article_form": {SECRETARIAT, CENTRE_CN},
    "publish_for_the_chinese_centre": {SECRETARIAT, CENTRE_CN},
    "schedule_for_the_chinese_centre": {SECRETARIAT, CENTRE_CN},
    "publish_for_the_russian_centre": {SECRETARIAT},
    "edit_a_chinese_article": {SECRETARIAT, CENTRE_CN},
    "edit_a_russian_article": {SECRETARIAT},
    "preview_a_russian_draft": {SECRETARIAT},
    "edit_a_russian_draft": {SECRETARIAT},
}


@pytest.fixture(scope="module")
def news_demo(demo_data_for_module, django_db_blocker):
    """The demo data with the news (seeded here while seed_demo does not call
    `news.demo.seed` yet; it is idempotent)."""
    with django_db_blocker.unblock():
        demo.seed(password="tiger-leopard-demo", with_accounts=True)


@pytest.fixture
def as_account(news_demo, module_demo_user, client):
    def sign_in(account):
        if account != ANONYMOUS:
            client.force_login(module_demo_user(account))
        return client

    return sign_in


def centre(slug) -> InformationCentre:
    return InformationCentre.objects.get(slug=slug)


def russian_draft() -> Article:
    return services.article_create(
        by=None,
        fields={
            "slug": "russian-draft",
            "title": "Winter survey plans",
            "summary": "A draft.",
            "body": "<p>Draft.</p>",
            "author_centre": centre(RUSSIAN_CENTRE),
        },
    )


def post_article(client, centre_slug, **extra):
    data = {
        "title": "Snare-removal week in Hunchun",
        "summary": "Rangers removed snares along the border.",
        "body": "<p>Rangers removed snares along the border.</p>",
        "author_centre": centre(centre_slug).pk,
        "status": "published",
        **extra,
    }
    before = Article.objects.count()
    response = client.post(reverse("news:new"), data)
    saved = Article.objects.count() == before + 1
    return response, saved


def do(action, client):
    """Try `action`; return True if it was allowed (and done)."""
    if action == "open_the_new_article_form":
        response = client.get(reverse("news:new"))
        return response.status_code == 200
    if action == "publish_for_the_chinese_centre":
        response, saved = post_article(client, CHINESE_CENTRE)
        return saved and response.status_code == 302
    if action == "schedule_for_the_chinese_centre":
        response, saved = post_article(
            client, CHINESE_CENTRE, status="scheduled", publish_at="2031-01-01T09:00"
        )
        return saved and response.status_code == 302
    if action == "publish_for_the_russian_centre":
        response, saved = post_article(client, RUSSIAN_CENTRE)
        if not saved and response.status_code == 200:
            assert "Select a valid choice" in response.content.decode()
        return saved and response.status_code == 302
    if action in ("edit_a_chinese_article", "edit_a_russian_article"):
        slug = CHINESE_ARTICLE if "chinese" in action else RUSSIAN_ARTICLE
        url = reverse("news:edit", kwargs={"slug": slug})
        if client.get(url).status_code != 200:
            return False
        article = Article.objects.get(slug=slug)
        response = client.post(
            url,
            {
                "title": "Edited title",
                "summary": article.summary,
                "body": article.body,
                "author_centre": article.author_centre_id,
                "status": article.status,
                "publish_at": article.publish_at.strftime("%Y-%m-%dT%H:%M"),
            },
        )
        assert response.status_code == 302, response.content.decode()
        assert Article.objects.get(slug=slug).title == "Edited title"
        return True
    if action == "preview_a_russian_draft":
        return client.get(russian_draft().get_absolute_url()).status_code == 200
    if action == "edit_a_russian_draft":
        draft = russian_draft()
        return client.get(reverse("news:edit", kwargs={"slug": draft.slug})).status_code == 200
    raise AssertionError(action)


def denied_properly(action, client, account):
    """Re-check the refusal's form: sign-in for visitors, 403/404 for others."""
    url = {
        "edit_a_chinese_article": reverse("news:edit", kwargs={"slug": CHINESE_ARTICLE}),
        "edit_a_russian_article": reverse("news:edit", kwargs={"slug": RUSSIAN_ARTICLE}),
        "open_the_new_article_form": reverse("news:new"),
    }.get(action)
    if url is None:
        return
    response = client.get(url)
    if account == ANONYMOUS:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("account", ACCOUNTS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_matrix(as_account, account, action):
    client = as_account(account)
    allowed = do(action, client)
    assert allowed == (account in ALLOWED[action]), (account, action)
    if not allowed:
        denied_properly(action, client, account)


def test_the_form_offers_centre_staff_their_own_centre_only(as_account):
    client = as_account(CENTRE_CN)
    form = client.get(reverse("news:new")).context["form"]
    assert list(form.fields["author_centre"].queryset) == [centre(CHINESE_CENTRE)]
    client = as_account(SECRETARIAT)
    form = client.get(reverse("news:new")).context["form"]
    assert set(form.fields["author_centre"].queryset) == set(InformationCentre.objects.all())


def test_the_service_refuses_the_russian_centre_to_chinese_staff_whatever_the_form(
    news_demo, module_demo_user
):
    staff = module_demo_user(CENTRE_CN)
    fields = {
        "title": "Not ours",
        "summary": "Not ours.",
        "body": "<p>Not ours.</p>",
        "author_centre": centre(RUSSIAN_CENTRE),
        "status": "draft",
    }
    with pytest.raises(PermissionDenied):
        services.article_create(by=staff, fields=fields)
    ours = services.article_create(
        by=staff, fields={**fields, "author_centre": centre(CHINESE_CENTRE)}
    )
    with pytest.raises(PermissionDenied):  # nor may they move their article to it
        services.article_update(
            article=ours, by=staff, fields={"author_centre": centre(RUSSIAN_CENTRE)}
        )
    assert not Article.objects.filter(author_centre__slug=RUSSIAN_CENTRE, title="Not ours")


@pytest.mark.parametrize(
    ("account", "chinese", "russian", "any_article"),
    [
        (SECRETARIAT, True, True, True),
        (CENTRE_CN, True, False, True),
        (FOCAL_CN, False, False, False),
    ],
)
def test_permissions_asked_through_has_perm(
    news_demo, module_demo_user, account, chinese, russian, any_article
):
    user = module_demo_user(account)
    chinese_article = Article.objects.get(slug=CHINESE_ARTICLE)
    russian_article = Article.objects.get(slug=RUSSIAN_ARTICLE)
    assert user.has_perm("news.add_article") is any_article
    assert user.has_perm("news.add_article", centre(CHINESE_CENTRE)) is chinese
    assert user.has_perm("news.add_article", centre(RUSSIAN_CENTRE)) is russian
    for perm in ("news.change_article", "news.publish_article"):
        assert user.has_perm(perm, chinese_article) is chinese
        assert user.has_perm(perm, russian_article) is russian


def test_an_article_of_an_organisation_is_the_secretariats(news_demo, module_demo_user):
    from stakeholders.models import Organisation

    article = services.article_create(
        by=module_demo_user(SECRETARIAT),
        fields={
            "title": "Secretariat notice",
            "summary": "Notice.",
            "body": "<p>Notice.</p>",
            "author_organisation": Organisation.objects.get(slug="neaspec"),
            "status": "published",
        },
    )
    assert not module_demo_user(CENTRE_CN).has_perm("news.change_article", article)
    assert module_demo_user(SECRETARIAT).has_perm("news.change_article", article)
