"""Digest section of the activities app: activities in the countries of the
recipient's organisations, changed since the last digest."""

from __future__ import annotations

from collections import defaultdict

from notifications import digest


def collect(batch) -> dict[int, list]:
    """2 queries (and the batch's affiliations, shared)."""
    from activities.models import Activity

    _organisations_of, countries_of = batch.affiliations
    country_ids = set().union(*countries_of.values()) if countries_of else set()
    if not country_ids:
        return {}
    activities = list(
        Activity.objects.filter(countries__in=country_ids, updated_at__gt=batch.earliest)
        .exclude(status__in=[Activity.Status.PROPOSED, Activity.Status.DECLINED])
        .distinct()
        .only("pk", "title", "status", "updated_at")
    )
    activity_countries = defaultdict(set)
    for activity_id, country_id in Activity.countries.through.objects.filter(
        activity_id__in=[a.pk for a in activities]
    ).values_list("activity_id", "country_id"):
        activity_countries[activity_id].add(country_id)
    items = [
        (
            activity_countries[activity.pk],
            digest.DigestItem(
                activity.local_name,
                digest._absolute(activity.get_absolute_url()),
                activity.updated_at,
                str(activity.get_status_display()),
            ),
        )
        for activity in activities
    ]
    return {
        user_id: [
            item
            for countries, item in items
            if batch.is_new_for(user_id, item.when) and countries & countries_of.get(user_id, set())
        ]
        for user_id in batch.user_ids
    }
