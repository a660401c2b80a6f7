"""What other apps add to an organisation's edit page.

The edit page shows the profile, its contacts and its recent changes, but the
description's translations belong to an app above this one (news, which holds
every content translation). That app registers here in its
`AppConfig.ready()` (as documents and meetings fill workinggroups.sections):
a *panel* `rows(user, organisation) -> list` fills the template variable of
its name, and a *history source* `entries(organisation) -> list[dict]` adds
`{"when", "text"}` entries to the organisation's recent changes.
"""

from collections.abc import Callable

PANELS: dict[str, Callable] = {}
HISTORY_SOURCES: dict[str, Callable] = {}


def register_panel(name: str, rows: Callable) -> None:
    PANELS[name] = rows


def register_history(name: str, entries: Callable) -> None:
    HISTORY_SOURCES[name] = entries


def panels_for(user, organisation) -> dict:
    return {name: rows(user, organisation) for name, rows in PANELS.items()}


def history_entries(organisation) -> list[dict]:
    return [entry for entries in HISTORY_SOURCES.values() for entry in entries(organisation)]
