"""News feeds: RSS 2.0 and Atom, of all news and of each topic, in the
language of the address (/ru/news/feed/ gives the Russian translations that
are published, the original otherwise; the feed's language is the address's,
as Django's Feed sets it). A fixed number of queries."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import selectors
from .models import Topic

FEED_SIZE = 20
PUBLISHER = "NEASPEC Partnership for Tiger and Leopard Conservation"


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    author_name = PUBLISHER

    def title(self):
        return _("Partnership Portal: news")

    def description(self):
        return _(
            "News of the NEASPEC Partnership for Tiger and Leopard Conservation "
            "from its information centres and secretariat."
        )

    def link(self):
        return reverse("news:list")

    def feed_url(self):
        return reverse("news:feed")

    def articles(self, obj):
        return selectors.articles_for_list()

    def items(self, obj=None):
        return selectors.cards(self.articles(obj)[:FEED_SIZE], translation.get_language())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # A feed's description is HTML by convention: the plain summary is
        # escaped once as HTML here (and once more as XML by the generator).
        return escape(item.summary)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.article.publish_at

    def item_updateddate(self, item):
        return item.article.updated_at

    def item_author_name(self, item):
        return str(item.article.author)

    def item_categories(self, item):
        return [str(topic) for topic in item.article.topics.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()

    def feed_url(self):
        return reverse("news:atom")


class TopicFeed(NewsFeed):
    """The news of one topic; 404 for an unknown topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("Partnership Portal: news on %(topic)s") % {"topic": obj}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("news:topic_feed", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return selectors.articles_for_list().filter(topics=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description()

    def feed_url(self, obj):
        return reverse("news:topic_atom", kwargs={"slug": obj.slug})
