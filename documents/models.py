"""Documents and their versions.

Files live in private storage (settings.PRIVATE_MEDIA_ROOT), never under a
public media address: every download goes through a view that checks access.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.storage import get_private_storage


class Document(models.Model):
    class Access(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Partnership members")
        GROUP = "group", _("Group members only")

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.DOCUMENT_LANGUAGES, default="en"
    )
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.MEMBERS
    )
    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("working group"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # unknown for imported documents, or once the account is deleted
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(access="group") | models.Q(group__isnull=False),
                name="document_group_access_needs_group",
                violation_error_message=_(
                    "Choose the working group whose members may see this document."
                ),
            )
        ]
        indexes = [models.Index(fields=["access", "group"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:document", kwargs={"pk": self.pk})

    def clean(self):
        if self.access == self.Access.GROUP and self.group_id is None:
            raise ValidationError(
                {"group": _("Choose the working group whose members may see this document.")}
            )

    @property
    def is_public(self) -> bool:
        return self.access == self.Access.PUBLIC

    @property
    def latest_version(self):
        """The newest version: from the listing's prefetch when there is one."""
        prefetched = getattr(self, "latest_versions", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return self.versions.order_by("-number").first()


def version_upload_to(instance, filename):
    return f"documents/{instance.document_id}/v{instance.number}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=version_upload_to, storage=get_private_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def get_absolute_url(self):
        return reverse("documents:download", kwargs={"pk": self.document_id, "number": self.number})
