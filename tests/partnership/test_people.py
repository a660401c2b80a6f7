"""People and roles in the portal (/people/): who may see whom, filters,
exports, and roles assigned, re-dated and ended with a reason."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from partnership.models import User
from stakeholders.models import Country, Person, Role, RoleAssignment
from tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory, UserFactory
from tests.querycount import assert_fixed_query_count

ANONYMOUS = "anonymous"
ACCOUNTS = [
    ANONYMOUS,
    "secretariat@demo.example",
    "committee@demo.example",
    "focal-cn@demo.example",
    "focal-ru@demo.example",
    "lead-monitoring@demo.example",
    "member-monitoring@demo.example",
    "rep-wwf@demo.example",
    "centre-cn@demo.example",
    "user@demo.example",
]
FOCAL_POINTS = {"focal-cn@demo.example", "focal-ru@demo.example"}
SECRETARIAT = {"secretariat@demo.example"}

# action -> the accounts allowed; everyone else is refused (403/404, visitors
# sent to sign in).
ALLOWED = {
    "list": SECRETARIAT | FOCAL_POINTS,
    "export_csv": SECRETARIAT | FOCAL_POINTS,
    "export_xlsx": SECRETARIAT | FOCAL_POINTS,
    "see_centre_cn": SECRETARIAT | {"focal-cn@demo.example"},
    "see_member_monitoring": SECRETARIAT | {"focal-ru@demo.example"},  # Land of the Leopard
    "see_focal_ru": SECRETARIAT | {"focal-ru@demo.example"},
    "assign_role": SECRETARIAT,
}


def _target(email):
    return User.objects.get(email=email)


def _run(action, client):
    if action == "list":
        return client.get(reverse("people"))
    if action == "export_csv":
        return client.get(reverse("people_csv"))
    if action == "export_xlsx":
        return client.get(reverse("people_xlsx"))
    if action.startswith("see_"):
        email = action.removeprefix("see_").replace("_", "-") + "@demo.example"
        return client.get(reverse("person", args=[_target(email).pk]))
    if action == "assign_role":
        target = _target("user@demo.example")
        response = client.post(
            reverse("person_role_assign", args=[target.pk]),
            {"role": Role.CENTRE_STAFF, "starts_on": "2026-01-01", "reason": "Helps the centre"},
        )
        assigned = RoleAssignment.objects.filter(user=target, role=Role.CENTRE_STAFF).exists()
        redirected_to_sign_in = "/accounts/login/" in response.get("Location", "")
        assert assigned == (response.status_code == 302 and not redirected_to_sign_in)
        return response
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_permission_matrix(account, action, client, module_demo_user):
    if account != ANONYMOUS:
        client.force_login(module_demo_user(account))
    else:
        module_demo_user("user@demo.example")  # the demo data is loaded
    response = _run(action, client)
    if account in ALLOWED[action]:
        assert response.status_code in (200, 302), (account, action, response.status_code)
    elif account == ANONYMOUS:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404), (account, action, response.status_code)


def _expected_in_scope(country_code):
    """Who a focal point of `country_code` sees, worked out from the rows
    rather than from the rule."""
    by_organisation = Person.objects.filter(
        organisation__country__code=country_code, user__isnull=False
    ).values_list("user_id", flat=True)
    by_role = RoleAssignment.objects.filter(country__code=country_code).values_list(
        "user_id", flat=True
    )
    return set(by_organisation) | set(by_role)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["CN", "RU"])
def test_a_focal_point_lists_exactly_their_country(code, client, module_demo_user):
    client.force_login(module_demo_user(f"focal-{code.lower()}@demo.example"))
    response = client.get(reverse("people_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    listed = {row["email"] for row in rows}
    expected = set(
        User.objects.filter(pk__in=_expected_in_scope(code)).values_list("email", flat=True)
    )
    assert listed == expected
    assert expected, "the demo data has people in every country"
    assert "secretariat@demo.example" not in listed


@pytest.mark.django_db
def test_list_shows_organisation_roles_groups_seat_and_last_sign_in(client, module_demo_user):
    secretariat = module_demo_user("secretariat@demo.example")
    committee_ru = module_demo_user("committee@demo.example")
    committee_ru.last_login = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
    committee_ru.save(update_fields=["last_login"])
    client.force_login(secretariat)
    response = client.get(reverse("people"), {"q": "committee@demo"})
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["page"].paginator.count == 1
    person = response.context["page"].object_list[0]
    assert person == committee_ru
    for assignment in RoleAssignment.objects.active().filter(user=committee_ru):
        assert assignment.title() in body
    for affiliation in Person.objects.filter(user=committee_ru).select_related("organisation"):
        assert affiliation.organisation.name in body
    assert "2026-03-02" in body


@pytest.mark.django_db
def test_filters_combine_and_search(client, module_demo_user):
    client.force_login(module_demo_user("secretariat@demo.example"))
    response = client.get(reverse("people"), {"role": Role.FOCAL_POINT})
    emails = {person.email for person in response.context["page"].object_list}
    assert emails >= FOCAL_POINTS
    assert "user@demo.example" not in emails
    response = client.get(reverse("people"), {"role": Role.FOCAL_POINT, "country": "RU"})
    emails = {person.email for person in response.context["page"].object_list}
    assert "focal-ru@demo.example" in emails and "focal-cn@demo.example" not in emails
    response = client.get(reverse("people"), {"country": "XX"})
    assert response.status_code == 200  # an unknown country: no result, no error
    assert response.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_pagination_and_flat_query_count(client, module_demo_user):
    client.force_login(module_demo_user("secretariat@demo.example"))
    url = reverse("people")

    def grow():
        for number in range(30):
            user = UserFactory(full_name=f"Aaron Zzz {number}")
            PersonFactory(user=user, organisation=OrganisationFactory())
            RoleAssignmentFactory(user=user, role=Role.COMMITTEE, country=None)

    assert_fixed_query_count(client, url, grow)
    response = client.get(url)
    assert response.context["page"].paginator.num_pages >= 2
    assert 'rel="next"' in response.content.decode()


@pytest.mark.django_db
def test_exports_never_run_a_name_as_a_formula(client, module_demo_user):
    risky = UserFactory(full_name='=HYPERLINK("http://evil")', email="risky@example.org")
    PersonFactory(
        user=risky,
        organisation=OrganisationFactory(
            name="+Organisation", country=Country.objects.get(code="RU")
        ),
    )
    client.force_login(module_demo_user("focal-ru@demo.example"))
    csv_text = client.get(reverse("people_csv"), {"q": "risky@"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][2].startswith("'+Organisation")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("people_xlsx"), {"q": "risky@"}).content)
    )
    cell = workbook.active.cell(row=2, column=1)
    assert cell.value == '=HYPERLINK("http://evil")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


@pytest.mark.django_db
def test_secretariat_assigns_redates_and_ends_a_role_with_reasons(client, module_demo_user):
    secretariat = module_demo_user("secretariat@demo.example")
    target = module_demo_user("user@demo.example")
    client.force_login(secretariat)
    russia = Country.objects.get(code="RU")
    response = client.post(
        reverse("person_role_assign", args=[target.pk]),
        {
            "role": Role.FOCAL_POINT,
            "country": russia.pk,
            "starts_on": timezone.localdate().replace(year=2025).isoformat(),
            "reason": "Nominated by the ministry in March",
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, role=Role.FOCAL_POINT)
    assert assignment.assigned_by == secretariat
    assert _target("user@demo.example").has_perm("stakeholders.view_person")

    later = timezone.localdate() + datetime.timedelta(days=90)
    response = client.post(
        reverse("person_role_end_date", args=[target.pk, assignment.pk]),
        {"ends_on": later.isoformat(), "reason": "Term agreed until the summer"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == later

    response = client.post(
        reverse("person_role_end", args=[target.pk, assignment.pk]),
        {"reason": "Left the ministry"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()
    assert not _target("user@demo.example").has_perm("stakeholders.view_person")

    body = client.get(reverse("person", args=[target.pk])).content.decode()
    assert "Nominated by the ministry in March" in body
    assert "Term agreed until the summer" in body
    assert "“Left the ministry”" in body
    assert "assigned the role “Country focal point, Russian Federation”" in body
    role = "“Country focal point, Russian Federation”"
    # the dates as everywhere else in the interface: "5 Dec 2026", not ISO
    later_text = date_format(later, "SHORT_DATE_FORMAT")
    today_text = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert f"changed the end date of {role} from no end date to {later_text}" in body
    assert f"ended the role {role} on {today_text}" in body
    # "why": the access list gives the latest reason, and the role grants nothing today
    access = client.get(reverse("person", args=[target.pk])).context["access"]
    focal = next(item for item in access if item.title.startswith("Country focal point"))
    assert not focal.active
    assert "Left the ministry" in focal.because


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message_and_nothing_stored(client, module_demo_user):
    target = module_demo_user("user@demo.example")
    client.force_login(module_demo_user("secretariat@demo.example"))
    before = RoleAssignment.history.count()
    response = client.post(
        reverse("person_role_assign", args=[target.pk]),
        {"role": Role.FOCAL_POINT, "starts_on": "2026-01-01", "reason": "No country"},
    )
    assert response.status_code == 400
    assert "must be limited to a country" in response.content.decode()
    response = client.post(
        reverse("person_role_assign", args=[target.pk]),
        {"role": Role.COMMITTEE, "starts_on": "2026-01-01", "reason": ""},
    )
    assert response.status_code == 400
    assignment = RoleAssignment.objects.filter(
        user=module_demo_user("focal-ru@demo.example")
    ).first()
    focal_ru = assignment.user
    response = client.post(
        reverse("person_role_end_date", args=[focal_ru.pk, assignment.pk]),
        {"ends_on": (assignment.starts_on - datetime.timedelta(days=1)).isoformat(), "reason": "x"},
    )
    assert response.status_code == 400
    assert "The end date must be after the start date." in response.content.decode()
    response = client.post(
        reverse("person_role_end_date", args=[focal_ru.pk, assignment.pk]),
        {"ends_on": "", "reason": "two\nlines"},
    )
    assert response.status_code == 400
    # another person's assignment under this person's address: not found
    response = client.post(
        reverse("person_role_end", args=[target.pk, assignment.pk]), {"reason": "wrong person"}
    )
    assert response.status_code == 404
    assert RoleAssignment.history.count() == before
    assignment.refresh_from_db()
    assert assignment.ends_on is None
