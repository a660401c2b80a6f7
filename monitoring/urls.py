from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.data_index, name="index"),
    path(
        "<str:dataset>.<str:file_format>",
        views.download,
        name="download",
    ),
    path("import/", views.import_upload, name="import"),
    path("import/help/", views.import_help, name="import_help"),
    path(
        "import/template/<str:kind>.<str:file_format>",
        views.import_template,
        name="import_template",
    ),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("imports/<int:pk>/confirm/", views.import_job_confirm, name="import_job_confirm"),
    path("imports/<int:pk>/status.json", views.import_job_status, name="import_job_status"),
]
