"""Cache invalidation only: /data/ and the home page show these records."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import PatrolSummary, PopulationEstimate


@receiver([post_save, post_delete], sender=PopulationEstimate)
@receiver([post_save, post_delete], sender=PatrolSummary)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
