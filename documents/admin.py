"""The secretariat's admin for the document library.

Documents are added and new versions uploaded through the library's forms
(which check every file); here the secretariat edits what describes a
document, through the same service, reads every version and the change
history, and may delete a document with all its versions.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Document, DocumentVersion


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    show_change_link = False
    fields = [
        "number",
        "download",
        "content_type",
        "size",
        "sha256",
        "note",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields
    ordering = ["-number"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def has_view_permission(self, request, obj=None):
        # Versions are part of their document: whoever may see it sees them.
        return request.user.has_perm("documents.view_document", obj)

    def has_add_permission(self, request, obj=None):
        return False  # new versions go through the library's checked upload form

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, version):
        if version.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', version.get_absolute_url(), version.original_name)


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "access", "group", "language", "uploaded_by", "updated_at"]
    list_filter = ["access", "language", "group"]
    search_fields = ["title", "description"]
    list_select_related = ["group", "uploaded_by"]
    fields = ["title", "description", "language", "access", "group", "uploaded_by", "created_at"]
    readonly_fields = ["uploaded_by", "created_at"]
    inlines = [DocumentVersionInline]
    date_hierarchy = "updated_at"

    def has_module_permission(self, request):
        # `documents` is not among the secretariat's model-permission apps in
        # common.authz, so ask this app's own rule instead.
        return request.user.has_perm("documents.change_document")

    def has_add_permission(self, request):
        return False  # added through the library's upload form, which checks the file

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.EDITABLE_FIELDS
        }
        if not fields:
            return
        original = Document.objects.get(pk=obj.pk)
        try:
            services.document_update(document=original, by=request.user, fields=fields)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
