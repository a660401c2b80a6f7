"""Cache invalidation only: the public committee page lists the seats and the
public decisions."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import CommitteeSeat, ReviewDecision


@receiver([post_save, post_delete], sender=CommitteeSeat)
@receiver([post_save, post_delete], sender=ReviewDecision)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
