"""Emails to applicants, written in the applicant's own language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_decision_email(application) -> None:
    applicant = application.applicant
    context = {
        "application": application,
        "applicant": applicant,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(applicant.language or settings.LANGUAGE_CODE):
        subject = render_to_string(
            "stakeholders/email/application_decision_subject.txt", context
        ).strip()
        body = render_to_string("stakeholders/email/application_decision.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=[applicant.email]
    )
    message.send(fail_silently=False)
