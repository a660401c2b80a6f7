"""Addresses of the pages about the partnership (/about/...)."""

from django.urls import path

from . import views

app_name = "about"

urlpatterns = [
    path("", views.about_index, name="index"),
    path("<slug:slug>/", views.about_page, name="page"),
]
