"""The REST API at /api/v1/ (Django REST framework), its OpenAPI schema and docs.

An app of its own because the API cuts across every other app (members,
groups, activities, meetings, news, documents, monitoring data) and owns what
only clients of the API need: serializers, personal API tokens, throttling and
the schema; it asks the same authorisation module as the site."""
