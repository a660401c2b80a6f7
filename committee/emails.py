"""The email telling people involved in a submission what the committee decided."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .registry import kind_of


def send_decision_email(decision, user) -> None:
    request = decision.request
    kind = kind_of(request.kind)
    subject_object = request.subject
    context = {
        "decision": decision,
        "request": request,
        "outcome": (
            kind.approve_label if decision.outcome == "approve" else kind.request_changes_label
        ),
        "kind": kind,
        "user": user,
        "url": settings.SITE_URL.rstrip("/")
        + (subject_object.get_absolute_url() if subject_object else request.get_absolute_url()),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("committee/email/decision_subject.txt", context).strip()
        body = render_to_string("committee/email/decision.txt", context)
    EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[user.email]).send()
