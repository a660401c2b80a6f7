"""Building the mails: HTML and plain-text parts rendered in the recipient's
language and time zone, with one-click unsubscribe headers (RFC 8058) for the
kind of mail it is, and the meeting's .ics where there is one."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.ical import meeting_ics

from .services import absolute_url, unsubscribe_path


def build_mail(
    *,
    user,
    kind: str,
    template: str,
    context: dict,
    subject,
    meeting=None,
) -> EmailMultiAlternatives:
    """`template` names `notifications/email/<template>.txt` and `.html`;
    `subject` is a callable (evaluated in the user's language) or a string."""
    with translation.override(user.language), timezone.override(user.zoneinfo):
        unsubscribe_url = absolute_url(unsubscribe_path(user, kind))
        full_context = {
            **context,
            "user": user,
            "site_url": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe_url,
            "mail_kind": kind,
            "preferences_url": absolute_url(_preferences_path()),
            "LANGUAGE_CODE": user.language,
        }
        subject_text = str(subject() if callable(subject) else subject)
        text = render_to_string(f"notifications/email/{template}.txt", full_context)
        html = render_to_string(f"notifications/email/{template}.html", full_context)
        prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    message = EmailMultiAlternatives(
        subject=f"{prefix}{subject_text}".replace("\n", " "),
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    if meeting is not None:
        message.attach("meeting.ics", meeting_ics(meeting).decode(), "text/calendar")
    return message


def _preferences_path() -> str:
    from django.urls import reverse

    return reverse("notifications:preferences")
