"""Comments addressed to the submitter: shown to them on the item's page and
told to them through the one mail pipeline, as their alert choice says;
comments among the committee stay among the committee."""

import pytest
from django.core import mail
from django.urls import reverse

from committee import services
from notifications.models import (
    AlertDelivery,
    AlertKind,
    EventMailDelivery,
    Notification,
)
from notifications.services import alert_preferences_update
from notifications.tasks import notify_event
from tests.factories.activities_extra import secretariat_user
from tests.factories.committee import seat_holder, submitted_plan

pytestmark = pytest.mark.django_db


def _comment(client, user, request, body, *, to_submitter):
    client.force_login(user)
    data = {"note-body": body}
    if to_submitter:
        data["note-to_submitter"] = "on"
    return client.post(reverse("committee:comment", kwargs={"pk": request.pk}), data)


def test_the_submitter_sees_and_is_mailed_a_comment_addressed_to_them(
    client, django_capture_on_commit_callbacks
):
    request, lead = submitted_plan(title="Camera-trap plan")
    member = seat_holder("CN", full_name="Wang Lei")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _comment(
            client, member, request, "Please name the camera models.", to_submitter=True
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [lead.email]
    assert "Wang Lei" in message.subject and "Camera-trap plan" in message.subject
    assert "Please name the camera models." in message.body
    assert request.get_absolute_url() in message.body
    assert (
        f"/unsubscribe/{AlertKind.REVIEW_COMMENT.value}/"
        in message.extra_headers["List-Unsubscribe"]
    )
    notice = Notification.objects.get(user=lead)
    assert notice.kind == Notification.Kind.REVIEW_COMMENT
    assert notice.url == request.get_absolute_url()
    # the submitter reads it on the item's page, linked from their work plan
    client.force_login(lead)
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200
    assert "Please name the camera models." in page.content.decode()
    plan_page = client.get(request.subject.get_absolute_url())
    assert request.get_absolute_url() in plan_page.content.decode()
    # the fan-out run again (a redelivered task) mails nobody twice
    notify_event.apply(args=["review_commented", request.comments.get().pk])
    assert len(mail.outbox) == 1
    assert EventMailDelivery.objects.filter(user=lead).count() == 1


def test_comments_not_addressed_to_the_submitter_reach_nobody(
    client, django_capture_on_commit_callbacks
):
    request, lead = submitted_plan()
    member = seat_holder("CN")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _comment(client, member, request, "Internal: budget?", to_submitter=False)
        # the submitter's own comment is theirs: nobody is alerted of it
        services.comment_add(request=request, user=lead, body="The budget is in annex 2.")
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=Notification.Kind.REVIEW_COMMENT).exists()
    client.force_login(lead)
    text = client.get(request.get_absolute_url()).content.decode()
    assert "Internal: budget?" not in text and "The budget is in annex 2." in text


@pytest.mark.parametrize("delivery", list(AlertDelivery))
def test_the_comment_alert_follows_the_submitters_choice(
    delivery, django_capture_on_commit_callbacks
):
    request, lead = submitted_plan()
    alert_preferences_update(user=lead, choices={AlertKind.REVIEW_COMMENT: delivery})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            request=request,
            user=secretariat_user(),
            body="Which cameras?",
            to_submitter=True,
        )
    assert len(mail.outbox) == (1 if delivery == AlertDelivery.AT_ONCE else 0)
    assert Notification.objects.filter(user=lead, kind="review_comment").count() == 1
