"""Cache invalidation only: public pages list public documents."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import Document, DocumentVersion


@receiver([post_save, post_delete], sender=Document)
@receiver([post_save, post_delete], sender=DocumentVersion)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
