"""The API reads JSON only, and refuses a body larger than API_MAX_BODY_BYTES
with 413 before parsing it (DRF reads the request stream itself, past
Django's DATA_UPLOAD_MAX_MEMORY_SIZE), and a body nested deeper than
API_MAX_JSON_DEPTH with 400 (the usual `parse_error`): a deep body must never
reach the recursive JSON decoder, serialisers or error formatting and end as
a 500 (RecursionError)."""

import io

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

DEFAULT_MAX_DEPTH = 64


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted
    without parsing it (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            if declared and int(declared) > limit:
                raise PayloadTooLarge()
        except ValueError:
            pass  # a malformed length: the bytes read below decide
        if stream is None:
            return super().parse(stream, media_type, parser_context)
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise PayloadTooLarge()
        max_depth = getattr(settings, "API_MAX_JSON_DEPTH", DEFAULT_MAX_DEPTH)
        if json_depth(body) > max_depth:
            raise ParseError(
                gettext("The JSON body is nested deeper than %(limit)s levels.")
                % {"limit": max_depth}
            )
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:  # a second guard: never a 500 for a body
            raise ParseError(gettext("The JSON body is nested too deeply.")) from None
