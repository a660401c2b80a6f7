"""Authorisation rules for news: who writes and publishes for which centre.

The secretariat writes, edits and publishes every article. Information-centre
staff (the centre-staff role, scoped to a country) write, edit and publish the
articles of the centres in their scope only: "centre staff, China" for the
Feline Research Center, not for the Russian centre. Articles written for an
organisation rather than a centre are the secretariat's. About pages and
translations are made in the translation workspace (`news.translate`, below).

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
from stakeholders.models import Organisation, Role

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


# --- Translating: who translates which text -----------------------------------
#
# The secretariat translates everything. Information-centre staff translate
# their own centre's articles and its host organisation's description, and the
# shared public texts (about pages, group mandates, other descriptions) the
# secretariat grants them (TranslationGrant: one object, or every object of a
# kind). A grant alone lets anyone it names translate what it names. The
# representatives of an organisation translate its description, into any
# language (services.may_translate_into): it is their own text.
# For articles the rule is written in its three forms too (`translatable_by`,
# `translators`), held together by tests/test_rules_agree.py.


def grants_of(user) -> frozenset[tuple[int, int | None]]:
    """(content type id, object id or None) of the user's grants, loaded once
    per user object."""
    cached = getattr(user, "_translation_grants", None)
    if cached is None:
        from .models import TranslationGrant

        cached = frozenset(
            TranslationGrant.objects.filter(user=user).values_list("content_type_id", "object_id")
        )
        user._translation_grants = cached
    return cached


def is_granted(user, obj) -> bool:
    from django.contrib.contenttypes.models import ContentType

    content_type_id = ContentType.objects.get_for_model(obj).pk
    grants = grants_of(user)
    return (content_type_id, None) in grants or (content_type_id, obj.pk) in grants


def represented_by(user) -> frozenset[int]:
    """The ids of the organisations `user` represents, loaded once per user
    object: their representatives keep their description's translations."""
    cached = getattr(user, "_represented_organisations", None)
    if cached is None:
        from stakeholders.selectors import organisations_represented_by

        cached = frozenset(organisations_represented_by(user).values_list("pk", flat=True))
        user._represented_organisations = cached
    return cached


def represents(user, obj) -> bool:
    """Is `user` a representative of the organisation `obj`?"""
    return isinstance(obj, Organisation) and signed_in(user) and obj.pk in represented_by(user)


def _host_of_own_centre(roles, organisation: Organisation) -> bool:
    centres = InformationCentre.objects.filter(host=organisation).select_related("host")
    return any(
        covers_centre(assignment, centre)
        for centre in centres
        for assignment in roles.of(Role.CENTRE_STAFF)
    )


@rule(
    "news.translate",
    _("translate the articles of the information centre for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.CENTRE_STAFF),
)
def can_translate(user, obj, roles):
    if roles.is_secretariat:
        return True
    if obj is None:
        # "may translate something": the workspace link
        return roles.has(Role.CENTRE_STAFF) or bool(grants_of(user)) or bool(represented_by(user))
    staff = roles.of(Role.CENTRE_STAFF)
    own_article = isinstance(obj, Article) and obj.author_centre_id
    if own_article and any(covers_centre(a, obj.author_centre) for a in staff):
        return True
    if isinstance(obj, Organisation) and (represents(user, obj) or _host_of_own_centre(roles, obj)):
        return True
    return is_granted(user, obj)


def translatable_by(user) -> Q | None:
    """`news.translate` as a filter on articles (EVERYONE: all)."""
    from django.contrib.contenttypes.models import ContentType

    if sees_everything(user):
        return EVERYONE
    if not signed_in(user):
        return Q(pk__in=[])
    condition = editable_by(user)  # the centres' own articles
    content_type_id = ContentType.objects.get_for_model(Article).pk
    grants = grants_of(user)
    if (content_type_id, None) in grants:
        return EVERYONE
    granted_ids = [object_id for ct, object_id in grants if ct == content_type_id]
    return condition | Q(pk__in=granted_ids)


def translators(article: Article) -> Q:
    """`news.translate` of an article as a filter on users."""
    from django.contrib.contenttypes.models import ContentType

    from .models import TranslationGrant

    grants = TranslationGrant.objects.filter(
        Q(object_id__isnull=True) | Q(object_id=article.pk),
        content_type=ContentType.objects.get_for_model(Article),
    )
    return editors(article) | Q(pk__in=grants.values("user_id"))
