"""A permission name that no rule or model defines is refused when the portal
starts (system check authz.E001), and raises when asked in tests; `explain`
reads each rule's own label."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from common import authz
from stakeholders.models import Role
from tests.factories import CountryFactory, RoleAssignmentFactory, UserFactory


def test_the_portal_names_only_permissions_that_exist():
    assert authz.check_permission_names() == []


def test_a_bogus_name_in_python_or_a_template_is_an_error(tmp_path, settings):
    (tmp_path / "views.py").write_text(
        "def view(request, document):\n"
        "    return request.user.has_perm('documents.view_documnet', document)\n"
        "class Page:\n"
        "    permission_required = 'meetings.view_meeting'\n"
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "<p>\n{% if perms.committee.reveiw %}queue{% endif %}{% if perms.committee.review %}"
    )
    settings.BASE_DIR = tmp_path
    errors = authz.check_permission_names()
    assert {error.id for error in errors} == {"authz.E001"}
    named = sorted((error.msg.split("'")[1], error.hint) for error in errors)
    assert named == [
        ("committee.reveiw", "templates/page.html:2. " + named[0][1].split(". ", 1)[1]),
        ("documents.view_documnet", "views.py:2. " + named[1][1].split(". ", 1)[1]),
    ]


def test_the_check_stops_the_portal(tmp_path, settings):
    (tmp_path / "views.py").write_text("user.has_perm('news.publish_articel')\n")
    settings.BASE_DIR = tmp_path
    with pytest.raises(SystemCheckError, match=r"news\.publish_articel"):
        call_command("check")


def test_a_rule_for_an_app_that_does_not_exist_is_an_error():
    authz.rule("meeting.view_meeting", "a typo of an app label")(lambda user, obj, roles: True)
    try:
        errors = authz.check_permission_names()
    finally:
        del authz.RULES["meeting.view_meeting"]
    assert [error.msg.split("'")[1] for error in errors] == ["meeting.view_meeting"]


@pytest.mark.django_db
def test_asking_an_unknown_permission_raises_instead_of_answering_no(settings):
    user = UserFactory()
    with pytest.raises(authz.UnknownPermission):
        user.has_perm("documents.view_documnet")
    assert user.has_perm("documents.view_document") is False  # known: answered
    assert user.has_perm("documents.view_documentversion") is False  # a model's own
    settings.AUTHZ_STRICT = False
    assert user.has_perm("documents.view_documnet") is False


@pytest.mark.django_db
def test_explain_reads_each_rules_own_label():
    assignment = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=CountryFactory(code="RU"))
    allows = authz.role_allows(assignment)
    decide = authz.RULES["stakeholders.decide_application"]
    assert str(decide.label) % {"scope": "Russian Federation"} in allows
    granted_to_focal_points = [r for r in authz.RULES.values() if Role.FOCAL_POINT in r.roles]
    assert len(allows) == len({str(r.label) for r in granted_to_focal_points})
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None)
    assert "assign and end roles" in authz.role_allows(secretariat)
