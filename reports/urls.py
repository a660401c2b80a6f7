from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_detail, name="report"),
    path("<int:year>/print/", views.report_print, name="print"),
    path("<int:year>/annual-report.docx", views.report_docx, name="docx"),
]
