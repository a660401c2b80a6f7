"""Reads for news and about pages: what readers see, in their language, in a
fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from activities.models import InformationCentre
from common.translations import Shown, TranslationStatus, localise

from . import rules
from .models import AboutPage, AboutPageTranslation, Article, ArticleTranslation

ARTICLE_FIELDS = ("title", "summary", "body")
CARD_FIELDS = ("title", "summary")
RELATED_COUNT = 3


def _published_translations(model):
    return Prefetch(
        "translations",
        queryset=model.objects.filter(status=TranslationStatus.PUBLISHED),
        to_attr="published_translations",
    )


def published_articles(user=None, *, now=None) -> QuerySet[Article]:
    """Every article readers see, newest first (the same for every user:
    drafts are seen only on their own page by those who may edit them).
    `user` is accepted so that this serves as a visibility selector (search)."""
    return Article.objects.visible(now=now).order_by("-publish_at", "-pk")


def _for_cards(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("author_centre", "author_organisation").prefetch_related(
        "topics", _published_translations(ArticleTranslation)
    )


def articles_for_list() -> QuerySet[Article]:
    """The news list before its filters (centre, country, topic)."""
    return _for_cards(published_articles())


@dataclass
class ArticleCard:
    """An article as a list, a feed or the home page shows it, in the
    reader's language."""

    article: Article
    shown: Shown

    def __getattr__(self, name):
        # title and summary in the reader's language; everything else the article's
        if name in ("article", "shown"):
            raise AttributeError(name)
        if name in self.shown.values:
            return self.shown.values[name]
        return getattr(self.article, name)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def language(self) -> str:
        return self.shown.language


def cards(articles, language: str | None = None, fields=CARD_FIELDS) -> list[ArticleCard]:
    """Articles (with `published_translations` prefetched) as cards in `language`."""
    language = language or translation.get_language()
    return [
        ArticleCard(
            article=article,
            shown=localise(article, article.published_translations, language, fields=fields),
        )
        for article in articles
    ]


def articles_as_cards(queryset: QuerySet[Article], language: str | None = None):
    """Articles of `queryset` as cards in `language` (their published
    translations read in one query): for lists outside news (the annual report)."""
    return cards(_for_cards(queryset), language)


def latest_articles(*, limit: int = 4, language: str | None = None) -> list[ArticleCard]:
    """The newest articles in the reader's language (the home page): two queries."""
    return cards(articles_for_list()[:limit], language)


def articles_for_centre(centre, *, limit: int = 5, language: str | None = None):
    """A centre's newest articles (the centre page)."""
    return cards(articles_for_list().filter(author_centre=centre)[:limit], language)


def _article_for_page() -> QuerySet[Article]:
    return Article.objects.select_related(
        "author_centre__host", "author_centre__country", "author_organisation"
    ).prefetch_related("topics", "countries", _published_translations(ArticleTranslation))


def article_for_page(*, slug: str, user) -> Article:
    """The article at `slug` if it is out, or if `user` may edit it (a preview);
    404 otherwise: a draft and a missing article answer the same."""
    article = _article_for_page().filter(slug=slug).first()
    if article is None:
        raise Http404
    if not article.is_visible() and not user.has_perm("news.change_article", article):
        raise Http404
    return article


def article_for_edit(*, slug: str, user) -> Article:
    """The article at `slug` for its edit form: 404 if `user` may not even see
    it, 403 if they may see it but not edit it."""
    article = article_for_page(slug=slug, user=user)
    if not user.has_perm("news.change_article", article):
        raise PermissionDenied
    return article


def related_articles(article: Article, *, limit: int = RELATED_COUNT) -> QuerySet[Article]:
    """Other articles out now sharing the most topics and countries with
    `article`, newest first among equals (two queries whatever the numbers)."""
    topic_ids = [topic.pk for topic in article.topics.all()]
    country_ids = [country.pk for country in article.countries.all()]
    if not topic_ids and not country_ids:
        return Article.objects.none()
    return (
        _for_cards(published_articles())
        .exclude(pk=article.pk)
        .filter(Q(topics__in=topic_ids) | Q(countries__in=country_ids))
        .annotate(
            shared=Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
            + Count("countries", filter=Q(countries__in=country_ids), distinct=True)
        )
        .order_by("-shared", "-publish_at", "-pk")[:limit]
    )


def writable_centres(user) -> QuerySet[InformationCentre]:
    """The centres `user` may write for: every centre for the secretariat,
    the centres in the scope of their centre-staff roles otherwise."""
    centres = InformationCentre.objects.select_related("host", "country").order_by("name")
    condition = rules.centres_written_for(user)
    return centres if condition is None else centres.filter(condition)


def articles_in_preparation(user) -> QuerySet[Article]:
    """Drafts and scheduled articles of the centres `user` writes for."""
    queryset = Article.objects.filter(
        Q(status=Article.Status.DRAFT) | Q(publish_at__gt=timezone.now())
    )
    condition = rules.editable_by(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.select_related("author_centre").order_by("-updated_at")


# --- About pages ---------------------------------------------------------------


def about_pages() -> QuerySet[AboutPage]:
    """The published about pages, in their order, with their published translations."""
    return (
        AboutPage.objects.filter(status=AboutPage.Status.PUBLISHED)
        .prefetch_related(_published_translations(AboutPageTranslation))
        .order_by("position", "title")
    )


def about_page(pages: list[AboutPage], slug: str) -> AboutPage:
    for page in pages:
        if page.slug == slug:
            return page
    raise Http404


def localised_pages(pages, language: str, fields=("title", "summary")) -> list[dict[str, Any]]:
    return [
        {
            "page": page,
            "shown": localise(page, page.published_translations, language, fields=fields),
        }
        for page in pages
    ]


# --- The translation workspace: what needs translating, for whom ---------------


@dataclass(frozen=True)
class TextKind:
    """A kind of text the workspace offers for translation."""

    key: str  # in addresses: /translations/<key>/<pk>/<language>/
    label: Any
    model_label: str  # "news.article", "workinggroups.workinggroup"
    fields: tuple[str, ...]  # the original's fields a translation renders
    rich: tuple[str, ...] = ()  # of those, the ones holding rich text

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_label)

    @property
    def is_field(self) -> bool:
        """Translated as one field (FieldTranslation), not a whole page."""
        return self.model_label not in ("news.article", "news.aboutpage")


def _kinds():
    from django.utils.translation import gettext_lazy as _

    return (
        TextKind("article", _("Articles"), "news.article", ARTICLE_FIELDS, rich=("body",)),
        TextKind("about", _("About pages"), "news.aboutpage", ARTICLE_FIELDS, rich=("body",)),
        TextKind("mandate", _("Group mandates"), "workinggroups.workinggroup", ("mandate",)),
        TextKind(
            "organisation",
            _("Organisation descriptions"),
            "stakeholders.organisation",
            ("description",),
        ),
        TextKind("activity", _("Activity summaries"), "activities.activity", ("description",)),
        TextKind(
            "report-introduction",
            _("Annual report introductions"),
            "reports.annualreport",
            ("introduction",),
        ),
        TextKind(
            "report-conclusions",
            _("Annual report conclusions"),
            "reports.annualreport",
            ("conclusions",),
        ),
        TextKind(
            "protected-area",
            _("Protected-area descriptions"),
            "activities.protectedarea",
            ("description",),
        ),
    )


def text_kinds() -> tuple[TextKind, ...]:
    return _kinds()


def text_kind(key: str) -> TextKind:
    for kind in _kinds():
        if kind.key == key:
            return kind
    raise Http404("No such kind of text.")


def _public_originals(kind: TextKind) -> QuerySet:
    """Every original of a kind that readers can see (only public text is
    translated here): published articles and about pages, open groups,
    active members, public activities, protected areas; with text."""
    from django.contrib.auth.models import AnonymousUser

    if kind.key == "article":
        return Article.objects.exclude(status=Article.Status.DRAFT).select_related("author_centre")
    if kind.key == "about":
        return AboutPage.objects.filter(status=AboutPage.Status.PUBLISHED)
    field = kind.fields[0]
    if kind.key == "mandate":
        from workinggroups.models import WorkingGroup

        rows = WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED)
    elif kind.key == "organisation":
        from stakeholders.selectors import directory_organisations

        rows = directory_organisations()
    elif kind.key == "activity":
        from activities.selectors import activities_visible_to

        rows = kind.model.objects.filter(
            pk__in=activities_visible_to(AnonymousUser()).order_by().values("pk")
        )
    else:
        rows = kind.model.objects.all()
    return rows.exclude(**{field: ""})


def originals_for_translator(kind: TextKind, user) -> QuerySet:
    """The originals of `kind` that `user` may translate (`news.translate`
    as a filter, for every kind)."""
    from django.contrib.contenttypes.models import ContentType

    from common.authz import sees_everything, signed_in

    rows = _public_originals(kind)
    if sees_everything(user):
        return rows
    if not signed_in(user):
        return rows.none()
    if kind.key == "article":
        condition = rules.translatable_by(user)
        return rows if condition is None else rows.filter(condition)
    content_type_id = ContentType.objects.get_for_model(kind.model).pk
    grants = rules.grants_of(user)
    if (content_type_id, None) in grants:
        return rows
    condition = Q(pk__in=[object_id for ct, object_id in grants if ct == content_type_id])
    if kind.key == "organisation":
        centres = rules.centres_written_for(user)
        if centres is not None:
            condition |= Q(centres__in=InformationCentre.objects.filter(centres))
        condition |= Q(pk__in=rules.represented_by(user))
    return rows.filter(condition).distinct()


def translations_of(kind: TextKind, objects) -> dict[int, dict[str, Any]]:
    """{object pk: {language: translation}} of these originals (drafts
    included): one query."""
    from django.contrib.contenttypes.models import ContentType

    from .models import FieldTranslation

    objects = list(objects)
    found: dict[int, dict[str, Any]] = {obj.pk: {} for obj in objects}
    if not objects:
        return found
    if kind.key == "article":
        rows, owner = ArticleTranslation.objects.filter(article__in=objects), "article_id"
    elif kind.key == "about":
        rows, owner = AboutPageTranslation.objects.filter(page__in=objects), "page_id"
    else:
        rows = FieldTranslation.objects.filter(
            content_type=ContentType.objects.get_for_model(kind.model),
            object_id__in=[obj.pk for obj in objects],
            field=kind.fields[0],
        )
        owner = "object_id"
    for row in rows:
        found[getattr(row, owner)][row.language] = row
    return found


class TaskState:
    MISSING = "missing"
    DRAFT = "draft"
    OUTDATED = "outdated"
    CURRENT = "current"
    TO_DO = (MISSING, DRAFT, OUTDATED)


@dataclass
class TranslationTask:
    """One original in one of the translator's languages, and how far its
    translation is."""

    kind: TextKind
    original: Any
    language: str
    translation: Any  # None: not started
    state: str

    @property
    def title(self) -> str:
        return str(self.original)

    @property
    def language_name(self) -> str:
        from common.translations import LANGUAGE_NAMES

        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def original_updated(self):
        return getattr(self.original, "updated_at", None)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(
            "translations:edit",
            kwargs={"kind": self.kind.key, "pk": self.original.pk, "language": self.language},
        )


def task_state(kind: TextKind, original, row) -> str:
    from common.translations import is_outdated

    if row is None:
        return TaskState.MISSING
    if row.status != TranslationStatus.PUBLISHED:
        return TaskState.DRAFT
    if is_outdated(row, original, kind.fields):
        return TaskState.OUTDATED
    return TaskState.CURRENT


def translation_tasks(user, languages, *, kinds=None, states=TaskState.TO_DO):
    """Every (original, language) `user` may translate into `languages`, in the
    given states (by default what still needs work: not started, drafts and
    outdated translations), outdated first. Two queries per kind, however
    much there is."""
    tasks = []
    for kind in kinds or text_kinds():
        originals = list(originals_for_translator(kind, user))
        found = translations_of(kind, originals)
        for original in originals:
            source_language = getattr(original, "language", "en") or "en"
            for language in languages:
                if language == source_language:
                    continue
                row = found[original.pk].get(language)
                state = task_state(kind, original, row)
                if state in states:
                    tasks.append(TranslationTask(kind, original, language, row, state))
    order = {TaskState.OUTDATED: 0, TaskState.DRAFT: 1, TaskState.MISSING: 2, TaskState.CURRENT: 3}
    tasks.sort(key=lambda task: order[task.state])
    return tasks


def original_for_translator(kind: TextKind, pk, user):
    """The original `user` translates on the edit page; 404 when it is not
    public or not theirs to translate (the same answer: nothing leaks)."""
    original = originals_for_translator(kind, user).filter(pk=pk).first()
    if original is None:
        raise Http404("No such text to translate.")
    return original


def source_changes(kind: TextKind, original, row) -> list[dict[str, Any]]:
    """What changed in the original since `row` (a published translation) was
    made from it: per changed field its label and the old and new text with
    the changed words marked. Empty when nothing changed or it is not known."""
    from common.textdiff import plain_text, word_diff

    if row is None or not getattr(row, "source_text", None):
        return []
    changes = []
    for name in kind.fields:
        old = plain_text(row.source_text.get(name, ""))
        new = plain_text(getattr(original, name) or "")
        if old != new:
            before, after = word_diff(old, new)
            label = original._meta.get_field(name).verbose_name
            changes.append({"label": label, "old": before, "new": after})
    return changes


# --- An organisation's description in every language (its edit page) ----------


STATE_LABELS = {
    TaskState.MISSING: gettext_lazy("not translated"),
    TaskState.DRAFT: gettext_lazy("draft, not shown"),
    TaskState.OUTDATED: gettext_lazy("outdated: the description changed since"),
    TaskState.CURRENT: gettext_lazy("published, up to date"),
}


def description_translations(user, organisation) -> list[dict[str, Any]]:
    """For the organisation's edit page: each language the description may be
    translated into, the state of its translation and the address where
    `user` writes it; empty when `user` may not translate it (or there is no
    description yet to translate). Two queries."""
    from common.translations import LANGUAGES

    from .services import may_translate_into

    kind = text_kind("organisation")
    if not organisation.description or not user.has_perm("news.translate", organisation):
        return []
    found = translations_of(kind, [organisation])[organisation.pk]
    rows = []
    for code, name in LANGUAGES:
        if code == "en" or not may_translate_into(user, code, organisation):
            continue
        row = found.get(code)
        state = task_state(kind, organisation, row)
        task = TranslationTask(kind, organisation, code, row, state)
        rows.append(
            {
                "language": code,
                "name": name,
                "state": state,
                "state_label": STATE_LABELS[state],
                "url": task.get_absolute_url(),
                "translated_by": row.translated_by if row is not None else None,
                "updated_at": row.updated_at if row is not None else None,
            }
        )
    return rows


def description_translation_history(organisation) -> list[dict[str, Any]]:
    """The changes to the translations of an organisation's description, in
    plain words, for its recent changes: one query."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.translation import gettext

    from common.translations import LANGUAGE_NAMES

    from .models import FieldTranslation

    records = (
        FieldTranslation.history.filter(
            content_type=ContentType.objects.get_for_model(organisation),
            object_id=organisation.pk,
            field="description",
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = []
    previous: dict[int, Any] = {}
    for record in records:
        who = str(record.history_user) if record.history_user_id else gettext("The portal")
        language = LANGUAGE_NAMES.get(record.language, record.language)
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "-":
            text = gettext("%(who)s removed the description's translation into %(language)s.")
        elif before is not None and before.text == record.text and before.status == record.status:
            continue  # saved without a visible change
        elif record.status == TranslationStatus.PUBLISHED:
            text = gettext("%(who)s published the description's translation into %(language)s.")
        else:
            text = gettext(
                "%(who)s saved a draft of the description's translation into %(language)s."
            )
        entries.append(
            {"when": record.history_date, "text": text % {"who": who, "language": language}}
        )
    return entries
