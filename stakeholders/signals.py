"""Cache invalidation only: public member pages change with these models."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import Country, MembershipApplication, Organisation, Person, StakeholderType


@receiver([post_save, post_delete], sender=Organisation)
@receiver([post_save, post_delete], sender=Person)
@receiver([post_save, post_delete], sender=Country)
@receiver([post_save, post_delete], sender=StakeholderType)
@receiver([post_save, post_delete], sender=MembershipApplication)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
