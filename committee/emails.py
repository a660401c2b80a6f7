"""The email telling people involved in a submission what the committee
decided: built and sent by the portal's one mail builder (notifications.mail)."""

from notifications.mail import send_committee_decision_email as send_decision_email

__all__ = ["send_decision_email"]
