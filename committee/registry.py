"""Kinds of submission the committee reviews.

Each kind registers how to apply a decision to its subject; the queue itself
only records requests and decisions. Work plans register in
`workinggroups.apps`, activity reports will register the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewKind:
    name: str
    label: str
    approve: Callable  # (subject, decision) -> None
    request_changes: Callable  # (subject, decision) -> None


KINDS: dict[str, ReviewKind] = {}


def register(kind: ReviewKind) -> None:
    KINDS[kind.name] = kind


def kind_of(name: str) -> ReviewKind:
    return KINDS[name]
