"""Factories for news: topics, articles (out now by default), translations,
about pages."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from common.translations import TranslationStatus
from news.models import (
    AboutPage,
    AboutPageTranslation,
    Article,
    ArticleTranslation,
    FieldTranslation,
    Topic,
)

from .activities_extra import InformationCentreFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article of an information centre, out a day ago."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Joint patrol report {n}")
    summary = "Rangers from both sides of the border patrolled the forest together."
    body = "<p>The patrol covered the border forest and removed snares.</p>"
    author_centre = factory.SubFactory(InformationCentreFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.set(extracted)


class ArticleTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleTranslation

    article = factory.SubFactory(ArticleFactory)
    language = "ru"
    source_language = "en"
    status = TranslationStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"Совместный патруль {n}")
    summary = "Инспекторы с обеих сторон границы патрулировали лес вместе."
    body = "<p>Патруль прошёл приграничный лес и снял петли.</p>"


class AboutPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AboutPage

    slug = factory.Sequence(lambda n: f"about-{n}")
    title = factory.Sequence(lambda n: f"About page {n}")
    summary = "What the partnership does."
    body = "<p>Communication, collaboration and coordination.</p>"
    status = AboutPage.Status.PUBLISHED
    position = factory.Sequence(lambda n: n)


class AboutPageTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AboutPageTranslation

    page = factory.SubFactory(AboutPageFactory)
    language = "ru"
    source_language = "en"
    status = TranslationStatus.PUBLISHED
    title = "О партнёрстве"
    summary = "Чем занимается партнёрство."
    body = "<p>Коммуникация, сотрудничество и координация.</p>"


class FieldTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldTranslation
        exclude = ["target"]

    target = None
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    field = "description"
    language = "ru"
    source_language = "en"
    status = TranslationStatus.PUBLISHED
    text = "Перевод."
