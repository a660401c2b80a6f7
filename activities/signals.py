"""Cache invalidation only: public activity pages change with these models."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import (
    Activity,
    CrossBorderPair,
    Indicator,
    IndicatorType,
    ProtectedArea,
    Report,
)


@receiver([post_save, post_delete], sender=Activity)
@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=Report)
@receiver([post_save, post_delete], sender=ProtectedArea)
@receiver([post_save, post_delete], sender=CrossBorderPair)
@receiver([post_save, post_delete], sender=IndicatorType)
@receiver(m2m_changed, sender=Activity.organisations.through)
@receiver(m2m_changed, sender=Activity.countries.through)
@receiver(m2m_changed, sender=Activity.protected_areas.through)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
