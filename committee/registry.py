"""Kinds of submission the committee reviews.

Each kind registers how to apply a decision to its subject, what the two
outcomes are called for it, and who is told; the queue itself only records
requests and decisions. Work plans register in `workinggroups.apps`,
activity proposals and reports in `activities.apps`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


def _nobody(subject):
    return []


@dataclass(frozen=True)
class ReviewKind:
    name: str
    label: str
    approve: Callable  # (subject, decision) -> None
    request_changes: Callable  # (subject, decision) -> None
    approve_label: str = _("Approve")
    request_changes_label: str = _("Request changes")
    recipients: Callable = _nobody  # (subject) -> iterable of users told of a decision


KINDS: dict[str, ReviewKind] = {}


def register(kind: ReviewKind) -> None:
    KINDS[kind.name] = kind


def kind_of(name: str) -> ReviewKind:
    return KINDS[name]
