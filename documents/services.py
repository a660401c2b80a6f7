"""Writes: adding documents, new versions, and editing what describes them.

The web forms, the admin and the demo data all go through these functions, so
every rule lives in one place: the uploader's permission, the file checks
(`validation.py`) and the version numbering. Files go to private storage.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.events import publish
from workinggroups.models import WorkingGroup

from .models import Document, DocumentVersion
from .rules import may_add_to
from .validation import clean_file_name, validate_document_upload

EDITABLE_FIELDS = ("title", "description", "language", "access", "group")


def _fingerprint(file) -> tuple[str, int]:
    """SHA-256 and size, read in chunks (large uploads sit in a temporary file)."""
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def _store_version(*, document: Document, by, file, note: str, name: str) -> DocumentVersion:
    """Check the file, number it after the last version and store it."""
    try:
        content_type = validate_document_upload(file, name=name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    # Lock the document so two uploads at once do not take the same number
    # (the unique constraint stops it anyway where rows cannot be locked).
    Document.objects.select_for_update().filter(pk=document.pk).first()
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    sha256, size = _fingerprint(file)
    version = DocumentVersion(
        document=document,
        number=last + 1,
        original_name=clean_file_name(name),
        content_type=content_type,
        size=size,
        sha256=sha256,
        note=(note or "").strip(),
        uploaded_by=by,
    )
    version.full_clean(exclude=["file"], validate_constraints=False)
    # The file is written first, then the row; if the row cannot be saved the
    # file is removed again. (A rollback later in the request can still leave
    # an unreferenced file behind; it is never served, since only versions
    # that exist can be downloaded.)
    version.file.save(version.original_name, file, save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        version.file.delete(save=False)
        raise ValidationError(
            _("Someone else uploaded a version of this document at the same moment; try again.")
        ) from None
    except Exception:
        version.file.delete(save=False)
        raise
    return version


def _check_group_access(access: str, group: WorkingGroup | None) -> None:
    if access == Document.Access.GROUP and group is None:
        raise ValidationError(
            {"group": _("Choose the working group whose members may see this document.")}
        )


def document_import(
    *,
    uploaded_by,
    title: str,
    description: str,
    language: str,
    access: str,
    group: WorkingGroup | None,
    file,
    file_name: str | None = None,
    note: str = "",
) -> Document:
    """Create a document with its first version, without a permission check:
    for the demo data and imports, whose caller vouches for them. Everyone
    else calls `document_create`."""
    _check_group_access(access, group)
    with transaction.atomic():
        document = Document(
            title=(title or "").strip(),
            description=(description or "").strip(),
            language=language,
            access=access,
            group=group,
            uploaded_by=uploaded_by,
        )
        document.full_clean()
        document.save()
        _store_version(
            document=document,
            by=uploaded_by,
            file=file,
            note=note,
            name=file_name or getattr(file, "name", ""),
        )
        # the group's members (if any) hear of it on commit
        publish("document.added", document, group_id=document.group_id)
    return document


def document_create(
    *,
    by,
    title: str,
    description: str,
    language: str,
    access: str,
    group: WorkingGroup | None,
    file,
    note: str = "",
) -> Document:
    """Add a document to the library (or to a group) with its first version."""
    if not may_add_to(by, group):
        raise PermissionDenied(
            _("You may not add documents to %(group)s.") % {"group": group}
            if group is not None
            else _("You may not add documents to the library.")
        )
    return document_import(
        uploaded_by=by,
        title=title,
        description=description,
        language=language,
        access=access,
        group=group,
        file=file,
        note=note,
    )


@transaction.atomic
def document_add_version(*, document: Document, by, file, note: str = "") -> DocumentVersion:
    """Upload a new version; the older ones are kept and stay downloadable."""
    if not by.has_perm("documents.change_document", document):
        raise PermissionDenied(_("You may not upload versions of this document."))
    version = _store_version(
        document=document, by=by, file=file, note=note, name=getattr(file, "name", "")
    )
    document.save(update_fields=["updated_at"])  # the library lists recent changes first
    return version


def _check_may_move(by, document: Document, group: WorkingGroup | None) -> None:
    """Moving a document into a group (or out of every group) is adding it there."""
    if (group.pk if group else None) == document.group_id or may_add_to(by, group):
        return
    if group is None:
        message = _("You may not add documents to the library outside a group.")
    else:
        message = _("You may not add documents to %(group)s.") % {"group": group}
    raise ValidationError({"group": message})


@transaction.atomic
def document_update(*, document: Document, by, fields: dict) -> Document:
    """Change the title, description, language, access level or group."""
    if not by.has_perm("documents.change_document", document):
        raise PermissionDenied(_("You may not edit this document."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "group" in fields:
        _check_may_move(by, document, fields["group"])
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(document, name, value)
    _check_group_access(document.access, document.group)
    document.full_clean()
    document.save(update_fields=[*fields, "updated_at"])
    return document
