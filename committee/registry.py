"""Kinds of submission the committee reviews.

Each kind registers how to apply a decision to its subject, what the two
outcomes are called for it, and who is told (`audience`: the one answer to
"who hears of a decision", read by the in-app notice and by the email alike,
both in notifications/); the queue itself only records requests and
decisions. Work plans register in `workinggroups.apps`,
activity proposals and reports in `activities.apps`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DecisionAudience:
    """Who hears of a decision on one subject, and what it links to.

    `notified`: a queryset of users who find it in their notification list;
    `mailed`: the users who are also emailed (an iterable of users). The
    reviewer who decided is told neither way."""

    notified: object
    mailed: object
    name: str
    url: str


def _nobody(subject):
    return None


@dataclass(frozen=True)
class ReviewKind:
    name: str
    label: str
    approve: Callable  # (subject, decision) -> None
    request_changes: Callable  # (subject, decision) -> None
    approve_label: str = _("Approve")
    request_changes_label: str = _("Request changes")
    # (subject) -> DecisionAudience, or None: nobody is told
    audience: Callable = _nobody


KINDS: dict[str, ReviewKind] = {}

# Sections apps above the committee add to its public page (meetings adds the
# committee's coming meetings): name -> rows(user), filled in their ready().
PAGE_SECTIONS: dict[str, Callable] = {}


def register_page_section(name: str, rows: Callable) -> None:
    PAGE_SECTIONS[name] = rows


def register(kind: ReviewKind) -> None:
    KINDS[kind.name] = kind


def kind_of(name: str) -> ReviewKind:
    return KINDS[name]
