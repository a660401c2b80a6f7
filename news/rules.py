"""Authorisation rules for news: who writes and publishes for which centre.

The secretariat writes, edits and publishes every article. Information-centre
staff (the centre-staff role, scoped to a country) write, edit and publish the
articles of the centres in their scope only: "centre staff, China" for the
Feline Research Center, not for the Russian centre. Articles written for an
organisation rather than a centre are the secretariat's. About pages and
translations are edited in the admin, by the secretariat's model permissions.
"""

from activities.models import InformationCentre
from common.authz import rule
from stakeholders.models import Role

from .models import Article


def covers_centre(assignment, centre: InformationCentre) -> bool:
    """Does a centre-staff assignment reach this centre? Its country, and its
    stakeholder type (of the host) when the assignment names one."""
    if assignment.country_id is not None and assignment.country_id != centre.country_id:
        return False
    return (
        assignment.stakeholder_type_id is None
        or assignment.stakeholder_type_id == centre.host.stakeholder_type_id
    )


def may_write_for(roles, centre: InformationCentre | None) -> bool:
    if roles.is_secretariat:
        return True
    if centre is None:
        return False  # an organisation's article: the secretariat's
    return any(covers_centre(a, centre) for a in roles.of(Role.CENTRE_STAFF))


def _centre_of(obj) -> InformationCentre | None:
    if isinstance(obj, InformationCentre):
        return obj
    if isinstance(obj, Article):
        return obj.author_centre if obj.author_centre_id else None
    return None


def _check(user, obj, roles) -> bool:
    if obj is None:
        # "may write some article": the admin and the "write an article" link
        return roles.is_secretariat or roles.has(Role.CENTRE_STAFF)
    if not isinstance(obj, (Article, InformationCentre)):
        return False
    return may_write_for(roles, _centre_of(obj))


@rule("news.add_article", "write an article (for a centre, or for the partnership)")
def can_add(user, obj, roles):
    return _check(user, obj, roles)


@rule("news.change_article", "edit an article")
def can_change(user, obj, roles):
    return _check(user, obj, roles)


@rule("news.publish_article", "publish or schedule an article")
def can_publish(user, obj, roles):
    return _check(user, obj, roles)
