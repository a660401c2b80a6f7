"""Addresses of the translation workspace (/translations/...)."""

from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("", views.translation_list, name="list"),
    path("<slug:kind>/<int:pk>/<str:language>/", views.translation_edit, name="edit"),
]
