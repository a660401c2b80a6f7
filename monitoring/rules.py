"""Authorisation rules for monitoring data: who sees, imports and edits it.

* Seeing a record: everyone, unless it is under embargo; then only the staff
  of its centre and the secretariat.
* Importing, adding, editing and deleting records: information-centre staff
  for the centres their assignment covers (scoped as news does it:
  `news.rules.covers_centre`), the secretariat for all.
* The exact point of a sensitive record: the secretariat, the centre's staff
  and people of active member organisations of the record's country; everyone
  else receives the point generalised to about 10 km (`selectors.points_for`).

The bulk forms of these rules, for lists, live in `selectors.py` and must give
the same answers.
"""

from activities.models import InformationCentre
from common.authz import rule
from news.rules import covers_centre
from stakeholders.models import Organisation, Person, Role

from .models import ImportJob, PatrolSummary, PopulationEstimate

RECORD_MODELS = (PopulationEstimate, PatrolSummary)


def publishes_for(roles, centre: InformationCentre) -> bool:
    """Does the user publish monitoring data for this centre?"""
    if roles.is_secretariat:
        return True
    return any(covers_centre(a, centre) for a in roles.of(Role.CENTRE_STAFF))


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


@rule("monitoring.import_data", "import monitoring data for a centre")
def can_import(user, obj, roles):
    return _may_edit(obj, roles)


def _view_record(user, obj, roles) -> bool:
    if obj is None:
        return publishes_somewhere(roles)  # the admin's list
    if not isinstance(obj, RECORD_MODELS):
        return False
    return not obj.is_embargoed() or publishes_for(roles, obj.centre)


@rule("monitoring.view_populationestimate", "see a population estimate", anonymous=True)
def can_view_estimate(user, obj, roles):
    return _view_record(user, obj, roles)


@rule("monitoring.view_patrolsummary", "see a patrol summary", anonymous=True)
def can_view_patrol(user, obj, roles):
    return _view_record(user, obj, roles)


for _model in ("populationestimate", "patrolsummary"):
    for _action, _label in (
        ("add", "add %s records"),
        ("change", "edit %s records"),
        ("delete", "delete %s records"),
    ):
        rule(f"monitoring.{_action}_{_model}", _label % _model)(
            lambda user, obj, roles: _may_edit(obj, roles)
        )


@rule("monitoring.view_exact_location", "see the exact point of a sensitive monitoring record")
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


@rule("monitoring.view_importjob", "follow an import and read its report")
def can_view_import(user, obj, roles):
    if obj is None:
        return publishes_somewhere(roles)
    if not isinstance(obj, ImportJob):
        return False
    return obj.created_by_id == user.pk or publishes_for(roles, obj.centre)
