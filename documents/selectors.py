"""Reads: which documents a user may see, and fetching one safely.

Documents are fetched only through `access_document` and `access_version`: a
missing document and a forbidden one answer the same 404, so nothing leaks,
and every download asks again.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from common.authz import roles_of
from workinggroups.models import WorkingGroup

from . import rules
from .models import Document, DocumentVersion


def may_view(user, document: Document) -> bool:
    """May `user` see `document` and download its versions?

    Public documents are for everyone, visitors included (the permission
    backend does not answer for visitors); the rest is the rule's decision."""
    return document.is_public or user.has_perm("documents.view_document", document)


def visibility_filter(user) -> Q | None:
    """The condition on documents that `user` may see; None means all of them
    (the `documents.view_document` rule's list form, `rules.visible_to`)."""
    return rules.visible_to(user)


def _for_listing(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """What a list row shows, in a fixed number of queries: the group and the
    uploader joined, the latest version prefetched (one query per page)."""
    return queryset.select_related("group", "uploaded_by").prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number")[:1],
            to_attr="latest_versions",
        )
    )


def documents_visible_to(user) -> QuerySet[Document]:
    """The library as `user` may see it, newest changes first."""
    queryset = Document.objects.all()
    condition = visibility_filter(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    return _for_listing(queryset).order_by("-updated_at", "-pk")


def documents_for_group(user, group: WorkingGroup) -> QuerySet[Document]:
    """A group's documents that `user` may see: public ones for everyone,
    members-only ones for partners, group-only ones for the group's members.
    For the group page (`templates/documents/_group_documents.html`)."""
    return documents_visible_to(user).filter(group=group)


def access_document(user, pk) -> Document:
    """The document if `user` may see it; 404 otherwise (also if missing)."""
    document = Document.objects.select_related("group", "uploaded_by").filter(pk=pk).first()
    if document is None or not may_view(user, document):
        raise Http404
    return document


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    """Every version, newest first, with who uploaded it."""
    return document.versions.select_related("uploaded_by").order_by("-number")


def access_version(user, *, pk, number) -> DocumentVersion:
    """A version to download, if `user` may see its document; 404 otherwise.
    Asked again on every download: nothing about access is cached."""
    version = (
        DocumentVersion.objects.select_related("document__group")
        .filter(document_id=pk, number=number)
        .first()
    )
    if version is None or not may_view(user, version.document):
        raise Http404
    return version


def groups_for_upload(user) -> QuerySet[WorkingGroup]:
    """Open groups `user` may add documents to (all of them for the secretariat)."""
    if not user.is_authenticated or not user.is_active:
        return WorkingGroup.objects.none()
    groups = WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED).order_by("name")
    if roles_of(user).is_secretariat:
        return groups
    allowed = get_objects_for_user(
        user, "workinggroups.upload_document", klass=WorkingGroup, accept_global_perms=False
    )
    return groups.filter(pk__in=allowed.values("pk"))


def may_add_documents(user) -> bool:
    """Whether to offer "Add a document": to the library, or to some group."""
    if not user.is_authenticated:
        return False
    return user.has_perm("documents.add_document") or groups_for_upload(user).exists()


def filter_groups() -> QuerySet[WorkingGroup]:
    """Groups for the library's group filter."""
    return WorkingGroup.objects.order_by("name")
