from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("committee/", views.committee_page, name="committee"),
    path("review/", views.queue, name="queue"),
    path("committee/decisions/", views.decisions, name="decisions"),
    path("committee/decision-rule/", views.decision_rule, name="decision_rule"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/position/", views.position, name="position"),
    path("review/<int:pk>/comments/", views.comment, name="comment"),
    path("review/<int:pk>/procedure/", views.procedure_open, name="procedure_open"),
    path("review/<int:pk>/meeting-decision/", views.meeting_decision, name="meeting_decision"),
]
