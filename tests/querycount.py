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
    content. The first request each time only refills what is kept between
    requests: process-wide caches (content types), and what the change
    retired (the reader's unread count, when it brought them a notice)."""
    client.get(url)
    small = count_queries(client, url)
    grow()
    client.get(url)
    assert count_queries(client, url) == small
