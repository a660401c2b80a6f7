"""The email telling an applicant the decision on their application, in
their own language: built and sent by the portal's one mail builder
(notifications.mail)."""

from notifications.mail import send_application_decision_email as send_decision_email

__all__ = ["send_decision_email"]
