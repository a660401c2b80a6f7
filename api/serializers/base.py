"""What every write serializer shares: unknown fields refused, text only where text belongs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictFieldsMixin:
    """Refuse fields the serializer does not know (a typo must not pass
    silently), and read-only fields sent as if they could be written."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text only: a number or a list where text belongs is a mistake, not
    something to turn into text."""

    default_error_messages = {"not_text": _("Give text here.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)
