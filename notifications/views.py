"""Thin views: the notification list, marking read, preferences and the
one-click unsubscribe page (which needs no login: the signed link is the key)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import AlertPreferenceForm, PreferenceForm
from .models import Notification

logger = logging.getLogger(__name__)


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notification_read(request, pk):
    services.notification_mark_read(user=request.user, notification_id=pk)
    target = Notification.objects.filter(user=request.user, pk=pk).values_list("url", flat=True)
    url = next(iter(target), "")
    if request.POST.get("open") and url.startswith("/"):
        return redirect(url)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    preference = services.preferences_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    alerts = AlertPreferenceForm(request.POST or None, choices=services.alert_choices(request.user))
    if request.method == "POST":
        if form.is_valid() and alerts.is_valid():
            services.preferences_update(
                user=request.user, **{name: form.cleaned_data[name] for name in form.fields}
            )
            services.alert_preferences_update(user=request.user, choices=alerts.chosen())
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:preferences")
        status = 400
    else:
        status = 200
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "alerts": alerts, "profile_url": reverse("profile")},
        status=status,
    )


# Mail programs send the one-click POST (RFC 8058) without a CSRF token or
# cookie; the signed, kind-specific, expiring token is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, kind, token):
    try:
        user = services.unsubscribe_user_for(kind, token)
    except services.InvalidUnsubscribeLink as error:
        logger.info("notifications: unusable unsubscribe link (%s)", error)
        return render(
            request,
            "notifications/unsubscribe_invalid.html",
            {"preferences_url": reverse("notifications:preferences")},
            status=400,
        )
    kind_label = services.kind_label(kind)
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(
            request,
            "notifications/unsubscribe_done.html",
            {"kind_label": kind_label, "preferences_url": reverse("notifications:preferences")},
        )
    return render(
        request,
        "notifications/unsubscribe_confirm.html",
        {"kind_label": kind_label, "kind": kind, "token": token},
    )
