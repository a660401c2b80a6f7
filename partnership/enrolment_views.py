"""The pages of the first two-factor enrolment (partnership/enrolment.py):
ask for the one-time link, use it, and the enrolment pages of allauth behind
the fresh sign-in it gives."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.views import email as allauth_email
from allauth.mfa.recovery_codes.views import generate_recovery_codes
from allauth.mfa.totp.views import activate_totp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import enrolment

BACKEND = settings.AUTHENTICATION_BACKENDS[0]
LINK_TEMPLATE = "partnership/admin_enrolment_link.html"


def _invalid_link(request):
    """Tampered, used, replaced or expired: a 400 with the way to a new one."""
    return render(request, LINK_TEMPLATE, {"valid": False}, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """Why a link is needed, and the button that sends it."""
    if not enrolment.needs_link(request.user):
        return redirect("mfa_index")
    if enrolment.session_may_enrol(request):
        return redirect("mfa_activate_totp")
    if request.method == "POST":
        if not enrolment.link_send(request.user):
            messages.info(request, _("A link went out a moment ago: look for it in your mailbox."))
        return redirect("admin_enrolment_sent")
    return render(request, "partnership/admin_enrolment.html", {"sent": False})


@never_cache
@login_required
def sent(request):
    if not enrolment.needs_link(request.user):
        return redirect("mfa_index")
    return render(
        request,
        "partnership/admin_enrolment.html",
        {"sent": True, "minutes": settings.ADMIN_ENROLMENT_LINK_MINUTES},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def use_link(request, token):
    """GET shows a button (mail scanners that open links must not spend
    them); POST signs in afresh as the link's account and goes on to the
    enrolment."""
    user = enrolment.link_user(token)
    if user is None:
        return render(
            request, "partnership/admin_enrolment_link.html", {"valid": False}, status=400
        )
    if request.method == "GET":
        return render(request, "partnership/admin_enrolment_link.html", {"valid": True})
    if not enrolment.link_use(user):  # spent by a request a moment ago
        return render(
            request, "partnership/admin_enrolment_link.html", {"valid": False}, status=400
        )
    if request.user.is_authenticated:
        logout(request)  # a fresh session, whoever was signed in
    login(request, user, backend=BACKEND)
    # allauth's record of how this session signed in: its enrolment pages ask
    # for a recent sign-in, and the link is one (as its sign-in by code).
    record_authentication(request, user, method="code", email=user.email, reauthenticated=True)
    enrolment.mark_session(request)
    messages.success(request, _("You are signed in by the link: set up two-factor sign-in now."))
    return redirect("mfa_activate_totp")


def _behind_fresh_sign_in(view):
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated and not enrolment.session_may_enrol(request):
            return redirect("admin_enrolment")
        return view(request, *args, **kwargs)

    return guarded


def _email_unchanged_until_enrolled(view):
    def guarded(request, *args, **kwargs):
        if request.method == "POST" and enrolment.needs_link(request.user):
            messages.error(
                request,
                _(
                    "Set up two-factor sign-in before you change your email address "
                    "(or ask the secretariat to change it)."
                ),
            )
            return redirect("admin_enrolment")
        return view(request, *args, **kwargs)

    return guarded


activate_totp_after_link = _behind_fresh_sign_in(activate_totp)
email_after_enrolment = _email_unchanged_until_enrolled(allauth_email)
generate_recovery_codes_after_link = _behind_fresh_sign_in(generate_recovery_codes)
