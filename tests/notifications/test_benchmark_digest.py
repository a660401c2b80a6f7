"""`manage.py benchmark_digest`: the digest run works in batches, so its
query count does not grow with the number of members."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from benchmarks.management.commands.benchmark_digest import EMAIL_DOMAIN, measure


def measured(users: int) -> dict:
    with transaction.atomic():
        results = measure(users=users, sample=3)
        transaction.set_rollback(True)
    return results


@pytest.mark.django_db
def test_digest_run_queries_do_not_grow_with_members(settings):
    """Ten times the members in the same number of batches: the same queries
    for the scan and for the content; every due member gets a mail."""
    settings.NOTIFICATIONS_DIGEST_BATCH_SIZE = 500
    small, large = measured(30), measured(300)
    assert (small["due"], large["due"]) == (30, 300)
    assert (small["rendered"], large["rendered"]) == (30, 300)
    assert large["scan_queries"] == small["scan_queries"]
    assert large["content_queries"] == small["content_queries"]
    assert small["task_sent"] == small["task_sample"] == 3


@pytest.mark.django_db
def test_digest_run_queries_grow_with_batches_only(settings):
    settings.NOTIFICATIONS_DIGEST_BATCH_SIZE = 50
    one, ten = measured(50), measured(500)
    assert (one["batches"], ten["batches"]) == (1, 10)
    assert ten["content_queries"] <= 10 * one["content_queries"]
    assert ten["scan_queries"] <= 10 * one["scan_queries"]


@pytest.mark.django_db
def test_command_prints_the_table_and_keeps_nothing():
    out = io.StringIO()
    call_command("benchmark_digest", users=40, sample=2, stdout=out)
    text = out.getvalue()
    assert "40 members, 40 digests due" in text
    assert "CPU cores" in text
    assert "members/s" in text
    assert "scan (send_digests)" in text
    assert not get_user_model().objects.filter(email__endswith=EMAIL_DOMAIN).exists()
