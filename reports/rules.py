"""Who reads and who writes the annual report.

The report shows figures the partnership publishes to its members (no
embargoed record, no exact location), so every partner may read it; the
secretariat writes its introduction and conclusions."""

from django.utils.translation import gettext_lazy as _

from common.authz import rule
from stakeholders.models import Role
from stakeholders.selectors import is_partner


@rule(
    "reports.view_report",
    _("read the annual reports"),
    roles=tuple(Role.values),
)
def can_view_report(user, obj, roles):
    return is_partner(user)


@rule(
    "reports.edit_report",
    _("write the introduction and conclusions of the annual report"),
    roles=(Role.SECRETARIAT,),
)
def can_edit_report(user, obj, roles):
    return roles.is_secretariat
