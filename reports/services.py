"""Writes: the secretariat's introduction and conclusions of a year's report."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import AnnualReport


@transaction.atomic
def report_write(*, year: int, by, introduction: str, conclusions: str) -> AnnualReport:
    """Save the written part of `year`'s report (recorded in its history)."""
    if not by.has_perm("reports.edit_report"):
        raise PermissionDenied
    report = AnnualReport.objects.select_for_update().filter(year=year).first()
    if report is None:
        report = AnnualReport(year=year)
    report.introduction = introduction.strip()
    report.conclusions = conclusions.strip()
    report.updated_by = by
    report.full_clean()
    report.save()
    return report
