"""Query counts for page tests: a page must run as many queries with ten
times the content as with a little."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def assert_fixed_query_count(client, url, grow) -> None:
    """`url` runs the same number of queries before and after `grow()` adds
    content (the first request only warms process-wide caches: content types)."""
    client.get(url)
    small = count_queries(client, url)
    grow()
    assert count_queries(client, url) == small
