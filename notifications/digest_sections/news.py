"""Digest section of the news app: articles published since the last digest."""

from __future__ import annotations

from notifications import digest


def collect(batch) -> dict[int, list]:
    """1 query."""
    from news.models import Article

    articles = list(
        Article.objects.visible(batch.now)
        .filter(publish_at__gt=batch.earliest)
        .only("pk", "title", "slug", "publish_at")
        .order_by("-publish_at")[:200]
    )
    items = [
        digest.DigestItem(
            article.title, digest._absolute(article.get_absolute_url()), article.publish_at
        )
        for article in articles
    ]
    return {
        user_id: [item for item in items if batch.is_new_for(user_id, item.when)]
        for user_id in batch.user_ids
    }
