"""The OpenAPI document says what the server does (drf-spectacular).

- Authentication is optional where anonymous clients may read
  (`security: [{personalToken: []}, {cookieAuth: []}, {}]`): each selector
  decides what an anonymous client sees.
- Every operation documents the errors it can really answer, each with the
  one error shape of `api.exceptions`: 400 (a bad filter or body), 401 (a
  bad token, on any operation), 403 (writes), 404 (a missing or hidden
  object, a page past the end), 413 (bodies) and 429 (the rate limits, with
  Retry-After).
- Lists link each listed item to its detail, and a created record to its
  detail, change and deletion (OpenAPI links, followed by stateful clients).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API (`api.exceptions.exception_handler`)."""

    status = serializers.IntegerField(help_text="The HTTP status, again.")
    code = serializers.CharField(help_text="A stable code: invalid, not_found, throttled, …")
    detail = serializers.CharField(help_text="What went wrong, in the client's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors only: each bad field (nested ones dotted) and its messages.",
    )
    wait = serializers.IntegerField(
        required=False, help_text="429 only: seconds to wait before trying again."
    )

    class Meta:
        ref_name = "Error"


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


ERRORS = {
    400: _error("Invalid input: `fields` names each bad field."),
    401: _error("Not signed in (no or a bad token)."),
    403: _error("Signed in, but not allowed."),
    404: _error("Missing, or not visible to you."),
    413: _error("The body is larger than the API accepts."),
    429: _error("Too many requests: wait `wait` seconds (also the Retry-After header)."),
}
# What every read may answer besides its data: a bad token is refused even
# where anonymous reads are allowed, and the rate limits apply to all.
READ_ERRORS = (401, 404, 429)
LIST_ERRORS = (400, *READ_ERRORS)  # a filter value the server refuses
WRITE_ERRORS = (400, 401, 403, 404, 413, 429)

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
        "required": True,
    }
}


class PortalAutoSchema(AutoSchema):
    def get_auth(self):
        auth = super().get_auth()
        if self.method in SAFE_METHODS and self._anonymous_may_read() and {} not in auth:
            auth.append({})  # optional: a client without a token reads what the public sees
        return auth

    def _anonymous_may_read(self) -> bool:
        return all(
            getattr(permission, "anonymous_reads", False)
            for permission in self.view.get_permissions()
        )

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in SAFE_METHODS:
            codes = LIST_ERRORS if self._is_list_view() else READ_ERRORS
        else:
            codes = WRITE_ERRORS
        for code in codes:
            key = str(code)
            documented = responses.get(key)
            if documented is None or "content" not in documented:
                description = documented["description"] if documented else None
                responses[key] = self._get_response_for_code(ERRORS[code], key, direction=direction)
                if description:
                    responses[key]["description"] = description
        if "429" in responses:
            responses["429"]["headers"] = RETRY_AFTER
        return responses


def _operations(path_item: dict) -> dict:
    return {
        method: operation for method, operation in path_item.items() if "operationId" in operation
    }


def add_links(result, generator, request, public):
    """drf-spectacular postprocessing hook: OpenAPI links from each list to
    its first item's detail, and from a created record to every operation on
    it, so that stateful clients (schemathesis) follow real records."""
    paths = result.get("paths", {})
    for collection, collection_item in paths.items():
        for member, member_item in paths.items():
            prefix, _slash, rest = member.partition(collection)
            if prefix or not rest.startswith("{"):
                continue
            parameter = rest[1 : rest.index("}")]
            operations = _operations(member_item)
            if rest == "{" + parameter + "}/" and "get" in operations and "get" in collection_item:
                listed = collection_item["get"]["responses"].get("200", {})
                listed.setdefault("links", {})[f"{operations['get']['operationId']}"] = {
                    "operationId": operations["get"]["operationId"],
                    "parameters": {parameter: f"$response.body#/results/0/{parameter}"},
                }
            created = collection_item.get("post", {}).get("responses", {}).get("201")
            if created is None:
                continue
            for operation in operations.values():
                created.setdefault("links", {})[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": {parameter: f"$response.body#/{parameter}"},
                }
    return result


SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def slug_patterns(result, generator, request, public):
    """drf-spectacular postprocessing hook: a `{slug}` in an address is a
    slug (Django's SlugField), and the document says so."""
    for path_item in result.get("paths", {}).values():
        for operation in _operations(path_item).values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "slug":
                    parameter["schema"].setdefault("pattern", SLUG_PATTERN)
    return result
