from django.urls import path

from . import browse, views

app_name = "activities"

urlpatterns = [
    # browsing (browse.py): list, map, its data, exports
    path("activities/", browse.activity_list, name="list"),
    path("activities/map/", browse.activity_map, name="map"),
    path("activities/map/data.json", browse.map_data, name="map_data"),
    path("activities/export.csv", browse.export_csv, name="export_csv"),
    path("activities/export.xlsx", browse.export_xlsx, name="export_xlsx"),
    # one activity and its lifecycle (views.py)
    path("activities/new/", views.propose, name="propose"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="edit"),
    path("activities/<int:pk>/report/", views.report, name="report"),
    path("activities/<int:pk>/report/submit/", views.report_submit, name="report_submit"),
    path("activities/<int:pk>/report/photos/", views.report_photo, name="report_photo"),
    path("activities/<int:pk>/<str:step>/", views.activity_step, name="step"),
    path("protected-areas/<slug:slug>/", views.protected_area, name="protected_area"),
    path("centres/", views.centre_list, name="centres"),
    path("centres/<slug:slug>/", views.centre, name="centre"),
]
