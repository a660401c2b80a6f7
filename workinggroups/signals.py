"""Cache invalidation only: public group pages change with these models."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import GroupMembership, JoinRequest, WorkingGroup, WorkPlan, WorkPlanVersion


@receiver([post_save, post_delete], sender=WorkingGroup)
@receiver([post_save, post_delete], sender=GroupMembership)
@receiver([post_save, post_delete], sender=WorkPlanVersion)
@receiver([post_save, post_delete], sender=WorkPlan)
@receiver([post_save, post_delete], sender=JoinRequest)
@receiver(m2m_changed, sender=WorkingGroup.countries.through)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
