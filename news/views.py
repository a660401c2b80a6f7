"""News, about pages and robots.txt. Views stay thin: selectors read (in the
reader's language), services write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors, paginate
from common.fragments import Deferred, deferred_pair
from common.pagecache import cache_public_page
from common.translations import (
    LANGUAGE_NAMES,
    content_language,
    content_url,
    language_links,
    localise,
)
from common.translations import LANGUAGES as CONTENT_LANGUAGES

from . import selectors, services
from .filters import NewsFilter
from .forms import ArticleForm, TranslationForm

PAGE_SIZE = 10


@cache_public_page
@require_safe
def article_list(request):
    filterset = NewsFilter(request.GET, queryset=selectors.articles_for_list())
    valid = filterset.is_valid()
    articles = filterset.qs if valid else filterset.queryset.none()
    page, query = deferred_pair(lambda: paginate(request, articles, PAGE_SIZE))
    can_write = request.user.has_perm("news.add_article")
    # The page of articles is looked up only when the list's content block is
    # rendered, not when it comes from the cache (news/article_list.html).
    return render(
        request,
        "news/article_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "cards": Deferred(
                lambda: selectors.cards(page().object_list, translation.get_language())
            ),
            "topic": filterset.form.cleaned_data.get("topic") if valid else None,
            "canonical_keep": "topic",  # a topic's news is a page of its own
            "can_write": can_write,
            # in the writer's own content block (news/article_list.html)
            "in_preparation": Deferred(
                lambda: (
                    list(selectors.articles_in_preparation(request.user)[:20]) if can_write else []
                )
            ),
        },
    )


def _head_links(request, obj, shown):
    """The page's address in each language with text, and its canonical
    address: the one of the language actually shown."""
    url = obj.get_absolute_url()
    return (
        language_links(request, url, shown),
        request.build_absolute_uri(content_url(url, shown.language)),
    )


@cache_public_page
@require_safe
def article_detail(request, slug):
    article = selectors.article_for_page(slug=slug, user=request.user)
    language = content_language(request)
    shown = localise(
        article, article.published_translations, language, fields=selectors.ARTICLE_FIELDS
    )
    links, canonical_url = _head_links(request, article, shown)
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "shown": shown,
            "language_links": links,
            "canonical_url": canonical_url,
            "image_url": (
                request.build_absolute_uri(article.lead_image.url) if article.lead_image else ""
            ),
            "related": selectors.cards(selectors.related_articles(article), language),
            "can_edit": request.user.has_perm("news.change_article", article),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_new(request):
    if not request.user.has_perm("news.add_article"):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ArticleForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        centres=selectors.writable_centres(request.user),
    )
    if posted and form.is_valid():
        try:
            article = services.article_create(
                by=request.user,
                fields=form.article_fields(),
                countries=form.cleaned_data["countries"],
                topics=form.cleaned_data["topics"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article was saved."))
            return redirect(article)
    return render(request, "news/article_form.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, slug):
    article = selectors.article_for_edit(slug=slug, user=request.user)
    posted = request.method == "POST"
    form = ArticleForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=article,
        centres=selectors.writable_centres(request.user),
    )
    if posted and form.is_valid():
        try:
            services.article_update(
                article=article,
                by=request.user,
                fields=form.article_fields(changed_only=True),
                countries=form.cleaned_data["countries"],
                topics=form.cleaned_data["topics"],
            )
        except ValidationError as error:
            article.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article was saved."))
            return redirect(article)
    return render(request, "news/article_form.html", {"form": form, "article": article})


# --- About the partnership -----------------------------------------------------


@cache_public_page
@require_safe
def about_index(request):
    language = content_language(request)
    pages = list(selectors.about_pages())
    return render(
        request,
        "about/index.html",
        {"entries": selectors.localised_pages(pages, language)},
    )


@cache_public_page
@require_safe
def about_page(request, slug):
    language = content_language(request)
    pages = list(selectors.about_pages())
    page = selectors.about_page(pages, slug)
    shown = localise(
        page, page.published_translations, language, fields=("title", "summary", "body")
    )
    links, canonical_url = _head_links(request, page, shown)
    return render(
        request,
        "about/page.html",
        {
            "page": page,
            "shown": shown,
            "language_links": links,
            "canonical_url": canonical_url,
            "entries": selectors.localised_pages(pages, language, fields=("title",)),
        },
    )


# --- For search engines ----------------------------------------------------------

ROBOTS_DISALLOWED = ("/admin/", "/accounts/", "/api/")


@require_safe
def robots_txt(request):
    """Everything may be crawled but the admin, the accounts and the API (in
    every language prefix); the sitemap lists the public pages."""
    prefixes = [""] + [
        f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {prefix}{path}" for path in ROBOTS_DISALLOWED for prefix in prefixes]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- The translation workspace -------------------------------------------------

TASK_PAGE_SIZE = 50


def _may_use_workspace(user) -> None:
    if not user.has_perm("news.translate"):
        raise PermissionDenied


@login_required
@require_safe
def translation_list(request):
    """What still needs translating into the translator's languages."""
    _may_use_workspace(request.user)
    languages = request.user.translates_into
    chosen_language = request.GET.get("language", "")
    if chosen_language in languages:
        languages = [chosen_language]
    state = request.GET.get("state", "")
    states = {
        "": selectors.TaskState.TO_DO,
        "all": (*selectors.TaskState.TO_DO, selectors.TaskState.CURRENT),
    }.get(state, (state,) if state in selectors.TaskState.TO_DO else selectors.TaskState.TO_DO)
    kind_key = request.GET.get("kind", "")
    kinds = [kind for kind in selectors.text_kinds() if kind.key == kind_key] or None
    tasks = selectors.translation_tasks(request.user, languages, kinds=kinds, states=states)
    page, query = paginate(request, tasks, TASK_PAGE_SIZE)
    return render(
        request,
        "news/translation_list.html",
        {
            "page": page,
            "query": query,
            "task_count": len(tasks),
            "languages": request.user.translates_into,
            "all_language_choices": [
                (code, name)
                for code, name in CONTENT_LANGUAGES
                if code in request.user.translates_into
            ],
            "chosen_language": chosen_language,
            "state": state,
            "kinds": selectors.text_kinds(),
            "chosen_kind": kind_key,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_edit(request, kind, pk, language):
    """The original beside its translation into `language`: save a draft or
    publish."""
    _may_use_workspace(request.user)
    kind = selectors.text_kind(kind)
    if language not in LANGUAGE_NAMES:
        raise Http404("No such language.")
    original = selectors.original_for_translator(kind, pk, request.user)
    source_language = getattr(original, "language", None) or "en"
    if language == source_language:
        raise Http404("The original is in this language.")
    if not services.may_translate_into(request.user, language, original):
        raise PermissionDenied
    row = selectors.translations_of(kind, [original])[original.pk].get(language)
    initial = {}
    if row is not None:
        initial = (
            {kind.fields[0]: row.text}
            if kind.is_field
            else {name: getattr(row, name) for name in kind.fields}
        )
    form = TranslationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        kind=kind,
        original=original,
    )
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            services.translation_save(
                by=request.user,
                kind=kind,
                original=original,
                language=language,
                texts=form.texts(),
                publish=publish,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The translation was published.")
                if publish
                else _("The translation was saved as a draft; readers do not see it."),
            )
            return redirect("translations:edit", kind=kind.key, pk=original.pk, language=language)
    state = selectors.task_state(kind, original, row)
    return render(
        request,
        "news/translation_edit.html",
        {
            "form": form,
            "kind": kind,
            "original": original,
            "source": [
                {
                    "label": original._meta.get_field(name).verbose_name,
                    "value": getattr(original, name),
                    "rich": name in kind.rich,
                }
                for name in kind.fields
            ],
            "source_language": source_language,
            "source_language_name": LANGUAGE_NAMES.get(source_language, source_language),
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "translation": row,
            "state": state,
            "changes": (
                selectors.source_changes(kind, original, row)
                if state == selectors.TaskState.OUTDATED
                else []
            ),
            "original_updated": getattr(original, "updated_at", None),
            "reader_url": _reader_url(original, language),
        },
    )


def _reader_url(original, language) -> str:
    url = getattr(original, "get_absolute_url", None)
    return content_url(url(), language) if url else ""
