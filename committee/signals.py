"""Cache invalidation only: the public committee page lists the seats and the
public decisions (with their procedures and, if the rule says so, who took
which position); the review queue and the dashboards' content blocks show
the submissions, positions and comments."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from common.pagecache import invalidate_public_pages

from .models import (
    CommitteeSeat,
    DecisionRule,
    Position,
    Procedure,
    ReviewComment,
    ReviewDecision,
    ReviewRequest,
)


@receiver([post_save, post_delete], sender=CommitteeSeat)
@receiver([post_save, post_delete], sender=ReviewDecision)
@receiver([post_save, post_delete], sender=Procedure)
@receiver([post_save, post_delete], sender=DecisionRule)
@receiver([post_save, post_delete], sender=ReviewRequest)
@receiver([post_save, post_delete], sender=Position)
@receiver([post_save, post_delete], sender=ReviewComment)
def retire_cached_public_pages(sender, **kwargs):
    invalidate_public_pages()
