"""Addresses of the news (../shared/product.md: keep them stable)."""

from django.urls import path

from common.pagecache import cache_public_page

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", cache_public_page(feeds.NewsFeed()), name="feed"),
    path("atom/", cache_public_page(feeds.AtomNewsFeed()), name="atom"),
    path("topics/<slug:slug>/feed/", cache_public_page(feeds.TopicFeed()), name="topic_feed"),
    path("topics/<slug:slug>/atom/", cache_public_page(feeds.TopicAtomFeed()), name="topic_atom"),
    path("new/", views.article_new, name="new"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/edit/", views.article_edit, name="edit"),
]
