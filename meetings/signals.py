"""Cache invalidation only: public event pages and feeds change with these models."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import ActionItem, AgendaItem, GuestInvitation, Invitation, Meeting


@receiver([post_save, post_delete], sender=Meeting)
@receiver([post_save, post_delete], sender=AgendaItem)
@receiver([post_save, post_delete], sender=ActionItem)
@receiver([post_save, post_delete], sender=Invitation)  # attendance counts on public pages
@receiver([post_save, post_delete], sender=GuestInvitation)
@receiver(m2m_changed, sender=Meeting.documents.through)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
