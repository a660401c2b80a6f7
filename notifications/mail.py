"""Building the mails: one builder for every mail the portal sends.

`build_mail()` renders `notifications/email/<template>.txt` and `.html` in the
recipient's language and time zone and returns one message with:

- a text and an HTML part (and, for meetings, a real iMIP invitation: a
  `text/calendar; method=REQUEST` or `CANCEL` alternative addressed to the
  recipient, and the same calendar as an .ics attachment);
- the subject prefix `EMAIL_SUBJECT_PREFIX` (allauth's mails share it);
- `Auto-Submitted: auto-generated` (RFC 3834), so that no auto-responder answers;
- for the kinds a member may switch off (`MailKind`), the one-click
  unsubscribe headers (RFC 2369, RFC 8058) and the footer links; mail a member
  cannot refuse (a decision on their own application) carries neither.

The functions below only BUILD one message: claiming the send exactly once
is the caller's business (the tasks, through claims.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.names import name_scope

from .services import absolute_url, unsubscribe_path

AUTO_SUBMITTED = "auto-generated"


def display_name(user) -> str:
    """The name to greet `user` by: the full name as they wrote it (a group
    or role account included), without stray punctuation or white space; ""
    when there is none (the greeting then says "colleague")."""
    name = " ".join((getattr(user, "full_name", "") or "").split())
    return name.strip(" ,;:.-")


def greeting(user) -> str:
    """ "Dear Anna Petrova," in the active language; "Dear colleague," without a name."""
    name = display_name(user)
    if not name:
        return _("Dear colleague,")
    return _("Dear %(name)s,") % {"name": name}


def subject_prefix() -> str:
    return settings.EMAIL_SUBJECT_PREFIX


def build_mail(
    *,
    user,
    template: str,
    context: dict,
    subject,
    kind: str | None = None,
    meeting=None,
    invitation=None,
    imip: bool = False,
) -> EmailMultiAlternatives:
    """One message to `user`. `template` names `notifications/email/<template>.txt`
    and `.html`; `subject` is a callable (evaluated in the user's language) or a
    string; `kind` is the MailKind for optional mail (None: mail the member
    cannot switch off). With `meeting`, the meeting's .ics is attached; with
    `imip` too, the message is an iMIP invitation (RFC 6047): METHOD:REQUEST,
    or CANCEL once the meeting is cancelled, addressed to `user` as attendee
    (their answer so far read from `invitation`)."""
    from meetings.ical import imip_ics, meeting_ics

    language = user.language or settings.LANGUAGE_CODE
    # Names (groups, organisations...) in the member's language, batched per mail.
    with translation.override(language), timezone.override(user.zoneinfo), name_scope():
        unsubscribe_url = absolute_url(unsubscribe_path(user, kind)) if kind else ""
        full_context = {
            **context,
            "user": user,
            "greeting": greeting(user),
            "site_url": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe_url,
            "mail_kind": kind or "",
            "preferences_url": absolute_url(_preferences_path()) if kind else "",
            "LANGUAGE_CODE": language,
        }
        subject_text = str(subject() if callable(subject) else subject)
        text = render_to_string(f"notifications/email/{template}.txt", full_context)
        html = render_to_string(f"notifications/email/{template}.html", full_context)
    headers = {"Auto-Submitted": AUTO_SUBMITTED}
    if kind:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject_prefix() + " ".join(subject_text.split()),
        body=text,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    if meeting is not None and imip:
        method, ics = imip_ics(
            meeting, attendee=user, response=getattr(invitation, "response", None)
        )
        # RFC 6047: the calendar is an alternative of the text (what calendar
        # programs read as the invitation) and, for the others, an attachment.
        message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
        message.attach("meeting.ics", ics.decode(), f"text/calendar; method={method}")
    elif meeting is not None:
        message.attach("meeting.ics", meeting_ics(meeting).decode(), "text/calendar")
    return message


def _preferences_path() -> str:
    from django.urls import reverse

    return reverse("notifications:preferences")


# --- Mails a member cannot switch off: decisions on what they sent -------------------


def committee_decision_mail(decision, user) -> EmailMultiAlternatives:
    """The committee decided on a submission `user` is involved in."""
    from committee.registry import kind_of

    request = decision.request
    kind = kind_of(request.kind)
    subject_object = request.subject
    path = subject_object.get_absolute_url() if subject_object else request.get_absolute_url()

    def outcome():
        return kind.approve_label if decision.outcome == "approve" else kind.request_changes_label

    def subject():
        return _("Committee decision — %(outcome)s: %(title)s") % {
            "outcome": outcome(),
            "title": request.title,
        }

    return build_mail(
        user=user,
        template="committee_decision",
        context={
            "decision": decision,
            "request": request,
            "kind": kind,
            "outcome": outcome,
            "url": absolute_url(path),
        },
        subject=subject,
    )


def application_decision_mail(application) -> EmailMultiAlternatives:
    """The applicant hears whether their membership application was approved."""

    def subject():
        if application.status == "approved":
            return _("Welcome to the partnership: %(name)s is approved") % {
                "name": application.name
            }
        return _("Your membership application for %(name)s") % {"name": application.name}

    return build_mail(
        user=application.applicant,
        template="application_decision",
        context={"application": application, "applicant": application.applicant},
        subject=subject,
    )


def application_question_mail(round_) -> EmailMultiAlternatives:
    """A decider asks the applicant for more information (mail they cannot
    switch off: it is about what they sent)."""
    application = round_.application

    def subject():
        return _("A question on your membership application for %(name)s") % {
            "name": application.name
        }

    return build_mail(
        user=application.applicant,
        template="application_question",
        context={
            "application": application,
            "round": round_,
            "url": absolute_url(application.get_absolute_url()),
        },
        subject=subject,
    )


def alert_mail(notification, alert_kind: str) -> EmailMultiAlternatives:
    """A notice the member chose to get at once by email (AlertKind): its
    title, text and link, as the notification list shows them; the footer
    lets them switch this kind to the digest with one click."""
    url = notification.url
    return build_mail(
        user=notification.user,
        kind=alert_kind,
        template="alert",
        context={
            "notification": notification,
            "url": absolute_url(url) if url.startswith("/") else url,
        },
        subject=notification.title,
    )


def admin_enrolment_link_mail(user) -> EmailMultiAlternatives:
    """The one-time sign-in link before a first two-factor enrolment
    (partnership/enrolment.py): asked for on the site, so nobody may refuse it."""
    from django.urls import reverse

    from common.onetime import ADMIN_ENROLMENT, make_token

    token = make_token(user_id=user.pk, nonce=user.admin_enrolment_nonce, salt=ADMIN_ENROLMENT)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        path = reverse("admin_enrolment_link", args=[token])
    return build_mail(
        user=user,
        template="admin_enrolment_link",
        context={"url": absolute_url(path), "minutes": settings.ADMIN_ENROLMENT_LINK_MINUTES},
        subject=lambda: _("Your sign-in link to set up two-factor sign-in"),
    )
