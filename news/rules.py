"""Authorisation rules for news: who writes and publishes for which centre.

The secretariat writes, edits and publishes every article. Information-centre
staff (the centre-staff role, scoped to a country) write, edit and publish the
articles of the centres in their scope only: "centre staff, China" for the
Feline Research Center, not for the Russian centre. Articles written for an
organisation rather than a centre are the secretariat's. About pages and
translations are edited in the admin, by the secretariat's model permissions.

"Who edits an article" is written in three forms side by side: the check
(`can_change`), the articles a user edits (`editable_by`) and the users who
edit an article (`editors`); tests/test_rules_agree.py holds them to the same
answers. Published articles are for everyone: there is no seeing rule.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import InformationCentre
from common.authz import (
    EVERYONE,
    holding,
    roles_of,
    rule,
    scope_filter,
    sees_everything,
    signed_in,
)
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


@rule(
    "news.add_article",
    _("write articles for the information centre for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_add(user, obj, roles):
    return _check(user, obj, roles)


@rule(
    "news.change_article",
    _("edit the articles of the information centre for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_change(user, obj, roles):
    return _check(user, obj, roles)


def centres_written_for(user) -> Q | None:
    """The centres `user` writes for, as a filter on InformationCentre
    (EVERYONE: all)."""
    if sees_everything(user):
        return EVERYONE
    staff = roles_of(user).of(Role.CENTRE_STAFF) if signed_in(user) else []
    if not staff:
        return Q(pk__in=[])
    return scope_filter(staff, country="country", stakeholder_type="host__stakeholder_type")


def editable_by(user) -> Q | None:
    """`news.change_article` as a filter on articles (EVERYONE: all)."""
    if sees_everything(user):
        return EVERYONE
    staff = roles_of(user).of(Role.CENTRE_STAFF) if signed_in(user) else []
    if not staff:
        return Q(pk__in=[])
    scope = scope_filter(
        staff,
        country="author_centre__country",
        stakeholder_type="author_centre__host__stakeholder_type",
    )
    written_for_a_centre = Q(author_centre__isnull=False)
    return written_for_a_centre if scope is None else written_for_a_centre & scope


def editors(article: Article) -> Q:
    """`news.change_article` as a filter on users."""
    secretariat = holding(Role.SECRETARIAT)
    if not article.author_centre_id:
        return secretariat
    centre = article.author_centre
    return secretariat | holding(
        Role.CENTRE_STAFF,
        country_id=centre.country_id,
        stakeholder_type_id=centre.host.stakeholder_type_id,
        scoped=True,
    )


@rule(
    "news.publish_article",
    _("publish or schedule the articles of the information centre for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_publish(user, obj, roles):
    return _check(user, obj, roles)
