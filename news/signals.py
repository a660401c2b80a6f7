"""Cache invalidation only: public pages (news, about, the home page, feeds,
the sitemap) change with these models."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from common.names import NAME_FIELDS, names_changed
from common.pagecache import invalidate_public_pages

from .models import (
    AboutPage,
    AboutPageTranslation,
    Article,
    ArticleTranslation,
    FieldTranslation,
    Topic,
    TranslationGrant,
)


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=ArticleTranslation)
@receiver([post_save, post_delete], sender=AboutPage)
@receiver([post_save, post_delete], sender=AboutPageTranslation)
@receiver([post_save, post_delete], sender=FieldTranslation)
@receiver([post_save, post_delete], sender=Topic)
@receiver([post_save, post_delete], sender=TranslationGrant)  # who may translate what
@receiver(m2m_changed, sender=Article.topics.through)
@receiver(m2m_changed, sender=Article.countries.through)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()


@receiver([post_save, post_delete], sender=FieldTranslation)
def retire_cached_names(sender, instance, **kwargs):
    if instance.field in NAME_FIELDS:
        names_changed()
