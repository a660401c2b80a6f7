"""Sections other apps add to a working group's page.

The group page shows the group's documents, coming meetings and open action
items, but those belong to apps above this one: documents and meetings
register a section here in their `AppConfig.ready()` (as the work-plan and
activity kinds register in committee.registry), and the page asks every
registered section for its rows. A section is
`rows(user, group, *, can_see_private) -> iterable`, its name the template
variable it fills.
"""

import functools
from collections.abc import Callable

from common.fragments import Deferred

SECTIONS: dict[str, Callable] = {}


def register(name: str, rows: Callable) -> None:
    SECTIONS[name] = rows


def sections_for(user, group, *, can_see_private: bool) -> dict:
    # Each section's rows are looked up only when the page's sections block
    # is rendered, not when it comes from the cache (group_detail.html).
    return {
        name: Deferred(functools.partial(rows, user, group, can_see_private=can_see_private))
        for name, rows in SECTIONS.items()
    }
