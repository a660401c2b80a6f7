from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("directory.csv", views.directory_export, name="directory_export"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
]
