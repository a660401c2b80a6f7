from django.urls import path

from . import views

app_name = "workinggroups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<slug:slug>/", views.group_detail, name="group"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/requests/<int:pk>/", views.join_decide, name="join_decide"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/plans/new/", views.workplan_new, name="workplan_new"),
    path("<slug:slug>/plans/<int:pk>/", views.workplan_detail, name="workplan"),
    path("<slug:slug>/plans/<int:pk>/compare/", views.workplan_compare, name="workplan_compare"),
    path("<slug:slug>/plans/<int:pk>/revise/", views.workplan_revise, name="workplan_revise"),
    path(
        "<slug:slug>/plans/<int:pk>/v<int:number>/",
        views.workplan_version,
        name="workplan_version",
    ),
    path(
        "<slug:slug>/plans/<int:pk>/v<int:number>/edit/",
        views.workplan_edit,
        name="workplan_edit",
    ),
    path(
        "<slug:slug>/plans/<int:pk>/v<int:number>/submit/",
        views.workplan_submit,
        name="workplan_submit",
    ),
]
