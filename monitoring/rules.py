"""Authorisation rules for monitoring data: who sees, imports and edits it.

* Seeing a record: everyone, unless it is under embargo; then only the staff
  of its centre and the secretariat.
* Importing, adding, editing and deleting records: information-centre staff
  for the centres their assignment covers (scoped as news does it:
  `news.rules.covers_centre`), the secretariat for all.
* The exact point of a sensitive record: the secretariat, the centre's staff
  and people of active member organisations of the record's country; everyone
  else receives the point generalised to about 10 km (`selectors.points_for`).

"Who sees a record" is written in three forms side by side: the check
(`can_view_estimate`, `can_view_patrol`), the records a user sees
(`records_visible_to`) and the users who see a record (`record_audience`);
tests/test_rules_agree.py holds them to the same answers. The bulk form of
the exact point lives in `selectors.points_for`.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import InformationCentre
from common.authz import (
    EVERYONE,
    anyone,
    holding,
    roles_of,
    rule,
    scope_filter,
    sees_everything,
)
from news.rules import covers_centre
from stakeholders.models import Organisation, Person, Role

from .models import ImportJob, PatrolSummary, PopulationEstimate

RECORD_MODELS = (PopulationEstimate, PatrolSummary)


def publishes_for(roles, centre: InformationCentre) -> bool:
    """Does the user publish monitoring data for this centre?"""
    if roles.is_secretariat:
        return True
    return any(covers_centre(a, centre) for a in roles.of(Role.CENTRE_STAFF))


def centres_published_by(user) -> Q | None:
    """`monitoring.import_data` as a filter on centres (EVERYONE: all): the
    centres in the scope of the user's centre-staff roles (news writes for
    the same ones)."""
    from news.rules import centres_written_for

    return centres_written_for(user)


def publishers(centre: InformationCentre) -> Q:
    """`monitoring.import_data` as a filter on users."""
    return holding(Role.SECRETARIAT) | holding(
        Role.CENTRE_STAFF,
        country_id=centre.country_id,
        stakeholder_type_id=centre.host.stakeholder_type_id,
        scoped=True,
    )


def publishes_somewhere(roles) -> bool:
    return roles.is_secretariat or roles.has(Role.CENTRE_STAFF)


def record_country_id(record) -> int:
    if isinstance(record, PatrolSummary):
        return record.protected_area.country_id
    return record.country_id


def _may_edit(obj, roles) -> bool:
    if obj is None:
        return publishes_somewhere(roles)  # the admin and the "import" link
    if isinstance(obj, InformationCentre):
        return publishes_for(roles, obj)
    if isinstance(obj, RECORD_MODELS):
        return publishes_for(roles, obj.centre)
    return False


@rule(
    "monitoring.import_data",
    _("import monitoring data for the information centre for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_import(user, obj, roles):
    return _may_edit(obj, roles)


def _view_record(user, obj, roles) -> bool:
    if obj is None:
        return publishes_somewhere(roles)  # the admin's list
    if not isinstance(obj, RECORD_MODELS):
        return False
    return not obj.is_embargoed() or publishes_for(roles, obj.centre)


@rule(
    "monitoring.view_populationestimate",
    _("see population estimates under embargo for %(scope)s"),
    anonymous=True,
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_view_estimate(user, obj, roles):
    return _view_record(user, obj, roles)


@rule(
    "monitoring.view_patrolsummary",
    _("see patrol summaries under embargo for %(scope)s"),
    anonymous=True,
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_view_patrol(user, obj, roles):
    return _view_record(user, obj, roles)


def public_now() -> Q:
    return Q(embargo_until__isnull=True) | Q(embargo_until__lte=timezone.localdate())


def records_visible_to(user) -> Q | None:
    """`monitoring.view_<record>` as a filter on records (EVERYONE: all):
    every record but those under embargo, which only the staff of their
    centre and the secretariat see."""
    if sees_everything(user):
        return EVERYONE
    staff = roles_of(user).of(Role.CENTRE_STAFF)
    if not staff:
        return public_now()
    centres = scope_filter(
        staff, country="centre__country", stakeholder_type="centre__host__stakeholder_type"
    )
    return EVERYONE if centres is None else public_now() | centres


def record_audience(record) -> Q:
    """`monitoring.view_<record>` as a filter on users."""
    if not record.is_embargoed():
        return anyone()
    return publishers(record.centre)


for _model in ("populationestimate", "patrolsummary"):
    for _action, _label in (
        ("add", _("add monitoring records for the information centre for %(scope)s")),
        ("change", _("edit monitoring records for the information centre for %(scope)s")),
        ("delete", _("delete monitoring records for the information centre for %(scope)s")),
    ):
        rule(
            f"monitoring.{_action}_{_model}",
            _label,
            roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
        )(lambda user, obj, roles: _may_edit(obj, roles))


@rule(
    "monitoring.view_exact_location",
    _("see the exact point of sensitive monitoring records for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_view_exact_location(user, obj, roles):
    if roles.is_secretariat:
        return True
    if not isinstance(obj, RECORD_MODELS) or not user.is_authenticated:
        return False
    if publishes_for(roles, obj.centre):
        return True
    return Person.objects.filter(
        user=user,
        organisation__status=Organisation.Status.ACTIVE,
        organisation__country_id=record_country_id(obj),
    ).exists()


# The field holding a record's country, per model.
COUNTRY_FIELD = {PopulationEstimate: "country", PatrolSummary: "protected_area__country"}


def exact_location_visible_to(user, model) -> Q | None:
    """`monitoring.view_exact_location` as a filter on `model`'s records
    (EVERYONE: all)."""
    if sees_everything(user):
        return EVERYONE
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    countries = Person.objects.filter(
        user=user, organisation__status=Organisation.Status.ACTIVE
    ).values("organisation__country_id")
    entitled = Q(**{f"{COUNTRY_FIELD[model]}__in": countries})
    staff = roles_of(user).of(Role.CENTRE_STAFF)
    if staff:
        centres = scope_filter(
            staff, country="centre__country", stakeholder_type="centre__host__stakeholder_type"
        )
        if centres is None:
            return EVERYONE
        entitled |= centres
    return entitled


def exact_location_audience(record) -> Q:
    """`monitoring.view_exact_location` as a filter on users."""
    in_country = Person.objects.filter(
        organisation__status=Organisation.Status.ACTIVE,
        organisation__country_id=record_country_id(record),
    ).values("user_id")
    return publishers(record.centre) | Q(pk__in=in_country)


@rule(
    "monitoring.view_importjob",
    _("follow the imports of monitoring data for %(scope)s and read their reports"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_view_import(user, obj, roles):
    if obj is None:
        return publishes_somewhere(roles)
    if not isinstance(obj, ImportJob):
        return False
    return obj.created_by_id == user.pk or publishes_for(roles, obj.centre)
