"""Single-line text stays single-line: no line break, tab or other control
character in a title, a name or any other one-line field.

A carriage return in a meeting's title once reached every mail about the
meeting as a header, which Django refuses: the mail never left. So the rule
is enforced once, on the models: `install()` (called by the partnership
app's `ready()`, once every model is loaded) gives every `CharField` of the
portal's apps the validator `validate_single_line`, except the few that hold
several lines (`MULTI_LINE`). A model's `full_clean()`, which the services call, then
refuses such text; ModelForms and the admin run it in their `_post_clean`,
and DRF's model serializers copy a model field's validators; so forms, the
admin and the API refuse the same text with the same message.

The validator is set on the field's `validators` (the cached list Django
runs), not on its `_validators`: it is not part of the field's
deconstruction, so it needs no migration. Text fields (`TextField`) are
multi-line by nature and untouched. This module must not strip or rewrite
text: what is refused is said, not silently changed.
"""

import functools
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# C0 controls (tab, line feed, carriage return…), DEL, C1 controls (NEL…),
# and the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@functools.cache
def portal_app_labels() -> frozenset[str]:
    """The portal's own apps (packages at the top of the repository, not
    installed libraries): their CharFields are single-line unless listed in
    MULTI_LINE."""
    root = Path(settings.BASE_DIR).resolve()
    return frozenset(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == root
    )


# "app_label.Model.field" of the CharFields that hold several lines: a reason
# typed in a text area, the notes the mail workers write about a delivery.
MULTI_LINE = frozenset(
    {
        "meetings.Meeting.cancellation_reason",
        "notifications.ReminderDelivery.note",
        "notifications.DigestDelivery.note",
        "notifications.MeetingMailDelivery.note",
    }
)


def validate_single_line(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Keep this on a single line: no line breaks, tabs or control characters."),
            code="single_line",
        )


def is_single_line(field) -> bool:
    """Is this model field one that `install()` holds to a single line?"""
    if not isinstance(field, models.CharField) or field.model is None:
        return False
    opts = field.model._meta
    if opts.app_label not in portal_app_labels():
        return False
    name = f"{opts.app_label}.{opts.object_name}.{field.name}"
    # simple_history's copies (HistoricalMeeting) follow their model
    original = f"{opts.app_label}.{opts.object_name.removeprefix('Historical')}.{field.name}"
    return name not in MULTI_LINE and original not in MULTI_LINE


def install() -> None:
    """Give every single-line field of the portal's models the validator;
    idempotent."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if is_single_line(field) and validate_single_line not in field.validators:
                # `validators` is a cached_property: this is the list Django
                # (and DRF's ModelSerializer) read; deconstruct() does not.
                field.__dict__["validators"] = [*field.validators, validate_single_line]
