"""The site form centre staff write with: every mistake is a field error on
the form (never a 500), the lead image is checked by its content and needs its
alternative text, the text is sanitised on save, scheduling needs a future
time, and an article keeps its address when edited."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.factories.activities_extra import png_bytes
from tests.factories.news import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db

NEW = reverse("news:new")


@pytest.fixture
def staff_client(client, staff_cn):
    client.force_login(staff_cn)
    return client


def data(centre, **extra):
    return {
        "title": "Snare removal in the Hunchun Nature Reserve",
        "summary": "Rangers removed snares along the border.",
        "body": "<p>Rangers from both sides removed snares.</p>",
        "author_centre": centre.pk,
        "status": "published",
        **extra,
    }


def errors(response) -> dict:
    assert response.status_code == 200
    return response.context["form"].errors


def png(name="tiger.png", size=(30, 20)):
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


def test_an_empty_form_names_every_missing_field(staff_client, centre_cn):
    response = staff_client.post(NEW, {})
    assert set(errors(response)) >= {"title", "summary", "body", "author_centre", "status"}
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert Article.objects.count() == 0


def test_a_lead_image_needs_its_alternative_text(staff_client, centre_cn):
    response = staff_client.post(NEW, data(centre_cn, lead_image=png()))
    assert "lead_image_alt" in errors(response)
    response = staff_client.post(
        NEW, data(centre_cn, lead_image=png(), lead_image_alt="Rangers carrying snares")
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.lead_image.name.startswith("news/snare-removal-in-the-hunchun-nature-reserve")
    assert (article.lead_image_width, article.lead_image_height) == (30, 20)
    page = staff_client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Rangers carrying snares"' in page


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(staff_client, centre_cn):
    fake = SimpleUploadedFile("tiger.png", b"<?php echo 'no'; ?>", content_type="image/png")
    response = staff_client.post(NEW, data(centre_cn, lead_image=fake, lead_image_alt="A tiger"))
    assert "lead_image" in errors(response)
    assert Article.objects.count() == 0


def test_a_too_large_image_is_refused(staff_client, centre_cn, settings):
    settings.NEWS_MAX_IMAGE_BYTES = 100
    response = staff_client.post(
        NEW, data(centre_cn, lead_image=png(size=(400, 400)), lead_image_alt="A tiger")
    )
    assert "too large" in str(errors(response)["lead_image"])


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"status": "scheduled"}, "publish_at"),
        ({"status": "scheduled", "publish_at": "2019-07-30T10:00"}, "publish_at"),
        ({"status": "published", "publish_at": "2099-01-01T10:00"}, "publish_at"),
        ({"publish_at": "the day after tomorrow"}, "publish_at"),
        ({"status": "archived"}, "status"),
        ({"author_centre": "999999"}, "author_centre"),
        ({"title": "x" * 201}, "title"),
        ({"topics": ["999999"]}, "topics"),
    ],
)
def test_mistakes_are_field_errors(staff_client, centre_cn, extra, field):
    response = staff_client.post(NEW, data(centre_cn, **extra))
    assert field in errors(response), errors(response)
    assert Article.objects.count() == 0


def test_scheduling_and_publishing(staff_client, centre_cn, staff_cn):
    topic = TopicFactory(slug="anti-poaching")
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    response = staff_client.post(
        NEW,
        data(
            centre_cn,
            title="Winter survey starts",
            status="scheduled",
            publish_at=later.strftime("%Y-%m-%dT%H:%M"),
            topics=[topic.pk],
        ),
    )
    assert response.status_code == 302
    scheduled = Article.objects.get(title="Winter survey starts")
    assert scheduled.status == Article.Status.SCHEDULED
    assert scheduled.publish_at == later.replace(second=0, microsecond=0)
    assert list(scheduled.topics.all()) == [topic]
    assert scheduled.created_by == staff_cn

    staff_client.post(NEW, data(centre_cn, title="Out now"))
    published = Article.objects.get(title="Out now")
    assert published.status == Article.Status.PUBLISHED
    assert timezone.now() - published.publish_at < datetime.timedelta(minutes=1)


def test_the_address_comes_from_the_title_and_is_never_taken_twice(staff_client, centre_cn):
    for title in ("Joint patrol", "Joint patrol", "联合巡护", "New"):
        assert staff_client.post(NEW, data(centre_cn, title=title)).status_code == 302
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "article",
        "joint-patrol",
        "joint-patrol-2",
        "new-article",
    ]


def test_editing_keeps_the_address_and_sanitises_again(staff_client, centre_cn):
    article = ArticleFactory(slug="joint-patrol", title="Joint patrol", author_centre=centre_cn)
    url = reverse("news:edit", kwargs={"slug": article.slug})
    form = staff_client.get(url).context["form"]
    assert form.initial["publish_at"].second == 0
    response = staff_client.post(
        url,
        data(
            centre_cn,
            title="Joint patrol in the snow",
            body='<p onclick="steal()">Snow</p><script>steal()</script>',
            publish_at=form.initial["publish_at"].strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/news/joint-patrol/"
    article.refresh_from_db()
    assert article.title == "Joint patrol in the snow"
    assert article.body == "<p>Snow</p>"


def test_a_scheduled_article_past_its_time_can_still_be_edited(staff_client, centre_cn):
    article = ArticleFactory(
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    url = reverse("news:edit", kwargs={"slug": article.slug})
    initial = staff_client.get(url).context["form"].initial["publish_at"]
    response = staff_client.post(
        url,
        data(
            centre_cn,
            status="scheduled",
            publish_at=timezone.localtime(initial).strftime("%Y-%m-%dT%H:%M"),
            summary="Corrected summary.",
        ),
    )
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.summary == "Corrected summary."


def test_removing_the_image_removes_its_text(staff_client, centre_cn):
    article = ArticleFactory(author_centre=centre_cn, lead_image=png(), lead_image_alt="A tiger")
    url = reverse("news:edit", kwargs={"slug": article.slug})
    initial = staff_client.get(url).context["form"].initial["publish_at"]
    response = staff_client.post(
        url,
        data(
            centre_cn,
            **{"lead_image-clear": "on"},
            lead_image_alt="A tiger",
            publish_at=timezone.localtime(initial).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert not article.lead_image
    assert article.lead_image_alt == ""


def test_visitors_are_sent_to_sign_in_and_others_are_refused(client, db):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"title": "x"}).status_code == 403
