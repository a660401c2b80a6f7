"""Who may see, add and change documents: the rules, the list filter that
mirrors them, and the services that enforce them again."""

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from documents import selectors, services
from documents.models import Document
from documents.rules import may_add_to
from tests.factories.documents import DocumentFactory, pdf_bytes, png_bytes, upload
from workinggroups.models import GroupMembership

from .conftest import fresh

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "partner", "member", "observer", "other_member", "secretariat"]

# access level -> who may see it
VISIBLE_TO = {
    "public": set(PEOPLE),
    "members": {"partner", "member", "observer", "other_member", "secretariat"},
    "group": {"member", "observer", "secretariat"},
}


@pytest.fixture
def people(outsider, partner, member, observer, other_member, secretariat):
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "partner": partner,
        "member": member,
        "observer": observer,
        "other_member": other_member,
        "secretariat": secretariat,
    }


@pytest.fixture
def documents(group):
    return {
        "public": DocumentFactory(access="public", group=group),
        "members": DocumentFactory(access="members", group=group),
        "group": DocumentFactory(access="group", group=group),
    }


def _user(people, name):
    user = people[name]
    return user if name == "anonymous" else fresh(user)


@pytest.mark.parametrize("access", sorted(VISIBLE_TO))
@pytest.mark.parametrize("person", PEOPLE)
def test_who_may_see_a_document_and_the_list_agrees(people, documents, person, access):
    user = _user(people, person)
    document = documents[access]
    expected = person in VISIBLE_TO[access]
    assert selectors.may_view(user, document) == expected
    assert selectors.documents_visible_to(user).filter(pk=document.pk).exists() == expected
    assert (
        selectors.documents_for_group(user, document.group).filter(pk=document.pk).exists()
        == expected
    )


def test_a_group_document_is_not_visible_to_a_member_of_another_group(
    documents, other_member, other_group
):
    own = DocumentFactory(access="group", group=other_group)
    user = fresh(other_member)
    visible = set(selectors.documents_visible_to(user).values_list("pk", flat=True))
    assert own.pk in visible
    assert documents["group"].pk not in visible
    with pytest.raises(Exception) as missing:
        selectors.access_document(user, documents["group"].pk)
    assert missing.typename == "Http404"


def test_leaving_the_group_takes_the_documents_away(documents, member, group):
    assert selectors.may_view(fresh(member), documents["group"])
    GroupMembership.objects.filter(user=member, group=group).delete()
    from workinggroups.services import membership_sync_grants

    membership_sync_grants(user=member, group=group)
    assert not selectors.may_view(fresh(member), documents["group"])
    assert not selectors.documents_visible_to(fresh(member)).filter(access="group").exists()


def test_who_may_add_documents(
    group, other_group, outsider, partner, member, observer, secretariat
):
    assert fresh(partner).has_perm("documents.add_document")
    assert not fresh(outsider).has_perm("documents.add_document")
    assert not may_add_to(fresh(partner), group)
    assert may_add_to(fresh(member), group)
    assert not may_add_to(fresh(member), other_group)
    assert not may_add_to(fresh(observer), group)  # observers only read
    assert may_add_to(fresh(secretariat), other_group)
    assert list(selectors.groups_for_upload(fresh(member))) == [group]
    assert list(selectors.groups_for_upload(fresh(observer))) == []
    assert set(selectors.groups_for_upload(fresh(secretariat))) == {group, other_group}
    assert not selectors.may_add_documents(AnonymousUser())
    assert not selectors.may_add_documents(fresh(outsider))


def test_who_may_change_a_document(group, partner, member, observer, other_member, secretariat):
    by_partner = DocumentFactory(access="members", uploaded_by=partner)
    in_group = DocumentFactory(access="group", group=group)
    assert fresh(partner).has_perm("documents.change_document", by_partner)  # the uploader
    assert not fresh(member).has_perm("documents.change_document", by_partner)
    assert fresh(member).has_perm("documents.change_document", in_group)  # may upload there
    assert not fresh(observer).has_perm("documents.change_document", in_group)
    assert not fresh(other_member).has_perm("documents.change_document", in_group)
    assert fresh(secretariat).has_perm("documents.change_document", in_group)
    assert fresh(secretariat).has_perm("documents.delete_document", in_group)
    assert not fresh(member).has_perm("documents.delete_document", in_group)


# --- Services -------------------------------------------------------------------


def _create(by, **overrides):
    values = {
        "title": "  Draft joint survey protocol  ",
        "description": "Transects and camera traps.",
        "language": "en",
        "access": "members",
        "group": None,
        "file": upload("protocol.pdf", pdf_bytes()),
    }
    values.update(overrides)
    return services.document_create(by=fresh(by), **values)


def test_create_stores_the_first_version_privately_with_its_fingerprint(
    partner, private_media, settings
):
    data = pdf_bytes()
    document = _create(partner, file=upload("Протокол 2026.pdf", data))
    assert document.title == "Draft joint survey protocol"
    assert document.uploaded_by == partner
    version = document.versions.get()
    assert version.number == 1
    assert version.original_name == "Протокол 2026.pdf"
    assert version.content_type == "application/pdf"
    assert version.size == len(data)
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    stored = Path(version.file.path)
    assert stored.read_bytes() == data
    assert stored.is_relative_to(private_media)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))


def test_versions_are_numbered_and_the_older_ones_kept(member, group):
    document = _create(member, access="group", group=group)
    second = services.document_add_version(
        document=document, by=fresh(member), file=upload("v2.pdf", pdf_bytes("v2")), note="Maps"
    )
    third = services.document_add_version(
        document=document, by=fresh(member), file=upload("v3.pdf", pdf_bytes("v3"))
    )
    assert [second.number, third.number] == [2, 3]
    assert second.note == "Maps"
    numbers = list(document.versions.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert all(Path(v.file.path).exists() for v in document.versions.all())
    assert document.latest_version == third


def test_create_refuses_without_permission(outsider, partner, group):
    with pytest.raises(PermissionDenied):
        _create(outsider)
    with pytest.raises(PermissionDenied):
        _create(partner, access="group", group=group)  # not a member of the group
    assert not Document.objects.exists()


def test_a_group_document_needs_a_group(partner):
    with pytest.raises(ValidationError) as refused:
        _create(partner, access="group", group=None)
    assert "group" in refused.value.message_dict
    assert not Document.objects.exists()


def test_a_refused_file_leaves_nothing_behind(partner, private_media):
    with pytest.raises(ValidationError) as refused:
        _create(partner, file=upload("protocol.pdf", png_bytes()))
    assert "file" in refused.value.message_dict
    assert not Document.objects.exists()
    assert not any(p.is_file() for p in Path(private_media).rglob("*"))


def test_a_new_version_needs_change_permission(partner, member, group):
    document = _create(member, access="members", group=group)
    with pytest.raises(PermissionDenied):
        services.document_add_version(
            document=document, by=fresh(partner), file=upload("v2.pdf", pdf_bytes())
        )
    assert document.versions.count() == 1


def test_update_moves_a_document_only_into_groups_the_editor_may_add_to(member, group, other_group):
    document = _create(member, access="group", group=group)
    with pytest.raises(ValidationError) as refused:
        services.document_update(document=document, by=fresh(member), fields={"group": other_group})
    assert "group" in refused.value.message_dict
    services.document_update(
        document=document, by=fresh(member), fields={"title": " New title ", "language": "ru"}
    )
    document.refresh_from_db()
    assert (document.title, document.language, document.group) == ("New title", "ru", group)
    assert document.history.count() == 2


def test_update_refuses_a_group_document_without_group(secretariat, group):
    document = DocumentFactory(access="group", group=group)
    with pytest.raises(ValidationError) as refused:
        services.document_update(document=document, by=fresh(secretariat), fields={"group": None})
    assert "group" in refused.value.message_dict
