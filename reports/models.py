"""What the secretariat writes into an annual report; the figures are read
from the portal each time the report is shown (reports/selectors.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(_("introduction"), max_length=20_000, blank=True)
    conclusions = models.TextField(_("conclusions"), max_length=20_000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]

    def __str__(self):
        return gettext("Annual report %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("reports:report", kwargs={"year": self.year})
