"""Partnership-wide pages: home, dashboard, profile, health."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.authz import explain
from common.fragments import Deferred
from common.names import by_local_name
from common.pagecache import cache_public_page
from common.provenance import partnership_started_on
from stakeholders import selectors as member_selectors
from stakeholders.models import Organisation, Person

from .forms import PositionForm, ProfileForm


@cache_public_page
def home(request):
    """Latest news, coming public events, headline figures, the groups and a
    map teaser: a fixed number of queries, no JavaScript."""
    from activities.selectors import activities_visible_to
    from activities.totals import achieved_totals
    from meetings.selectors import upcoming_public_events
    from workinggroups.selectors import groups_for_listing

    activities = activities_visible_to(request.user)
    # Activities that ended before the partnership started are its baseline.
    started = partnership_started_on()
    # Each figure is computed only when the page's content block is rendered
    # (not when it comes from the cache: templates/partnership/home.html).
    context = {
        "member_count": Deferred(lambda: member_selectors.directory_organisations().count()),
        "activity_count": Deferred(activities.count),
        "totals": Deferred(lambda: achieved_totals(activities.exclude(ends_on__lt=started))),
        "baseline_totals": Deferred(
            lambda: achieved_totals(activities.filter(ends_on__lt=started))
        ),
        "baseline_activities": Deferred(
            lambda: list(
                activities.filter(ends_on__lt=started)
                .filter(indicators__achieved__isnull=False)
                .distinct()
                .order_by("ends_on")
            )
        ),
        "partnership_started_on": started,
        "events": Deferred(lambda: list(upcoming_public_events()[:3])),
        "groups": Deferred(lambda: by_local_name(groups_for_listing())),
        "articles": [],
    }
    if apps.is_installed("news"):
        from news.selectors import latest_articles

        context["articles"] = Deferred(lambda: latest_articles(limit=4))
    if apps.is_installed("monitoring"):
        from monitoring.selectors import headline_estimates

        context["populations"] = Deferred(headline_estimates)
    return render(request, "partnership/home.html", context)


@login_required
def dashboard(request):
    user = request.user
    from committee.selectors import review_queue
    from meetings.selectors import open_action_items_for_user, upcoming_meetings_for_user
    from workinggroups.selectors import groups_of

    def applications_waiting():
        if not user.has_perm("stakeholders.review_applications"):
            return None
        return member_selectors.applications_for_reviewer(user).filter(status="pending").count()

    def submissions_waiting():
        return review_queue(user).count() if user.has_perm("committee.review") else None

    return render(
        request,
        "partnership/dashboard.html",
        {
            # The reader's counts, groups, meetings, action items,
            # organisations and access: worked out only when their blocks are
            # rendered, not when they come from the cache
            # (templates/partnership/dashboard.html).
            "queue_count": Deferred(applications_waiting),
            "review_count": Deferred(submissions_waiting),
            "groups": Deferred(lambda: groups_of(user)),
            "meetings": Deferred(lambda: list(upcoming_meetings_for_user(user)[:8])),
            "action_items": Deferred(lambda: open_action_items_for_user(user)),
            "represented": Deferred(lambda: member_selectors.organisations_represented_by(user)),
            "applications": Deferred(lambda: list(member_selectors.applications_of(user)[:10])),
            "access": Deferred(lambda: explain(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    people = Person.objects.filter(user=user).select_related("organisation")
    form = ProfileForm(request.POST or None, instance=user)
    positions = PositionForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid() and positions.is_valid():
        form.save()
        for person, position in positions.changed_positions():
            person.position = position
            person.save(update_fields=["position"])
        translation.activate(user.language)
        messages.success(request, _("Your profile was saved."))
        response = redirect("profile")
        response.set_cookie("django_language", user.language, samesite="Lax")
        return response
    return render(
        request,
        "partnership/profile.html",
        {"form": form, "positions": positions, "people": people},
    )


@login_required
def user_access(request, pk):
    """For the secretariat: what a user may see and do, and why, in plain words."""
    if not request.user.has_perm("partnership.view_access"):
        raise PermissionDenied
    subject = get_object_or_404(get_user_model(), pk=pk)
    return render(
        request,
        "partnership/user_access.html",
        {
            "subject": subject,
            "access": explain(subject),
            "affiliations": Person.objects.filter(user=subject).select_related("organisation"),
            "represented": Organisation.objects.filter(
                people__user=subject, people__is_representative=True
            ),
        },
    )
