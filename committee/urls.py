from django.urls import path

from . import views

app_name = "committee"

urlpatterns = [
    path("committee/", views.committee_page, name="committee"),
    path("review/", views.queue, name="queue"),
    path("review/<int:pk>/", views.review, name="review"),
]
