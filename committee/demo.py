"""Demo data for the committee: seats by stakeholder group and country,
whose terms give their holders the committee role, the chair (the Russian
Federation's seat, committee-ru@demo.example), and a written procedure open
on the submitted work plan with one position taken. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from stakeholders.demo import ensure_account
from stakeholders.models import Country, Organisation, Person, StakeholderType

from .models import CommitteeSeat, DecisionRule, Position, ReviewRequest
from .services import position_take, procedure_open, seat_assign


def term() -> tuple[datetime.date, datetime.date]:
    """A three-year term around the day the demo is seeded: from the start of
    last year to the end of next year, so the demo committee sits on any day."""
    year = timezone.localdate().year
    return datetime.date(year - 1, 1, 1), datetime.date(year + 1, 12, 31)


# The seat whose holder chairs the committee (may record its decisions and
# open written procedures, as the secretariat does).
CHAIR = "committee-ru@demo.example"

# (email, full name, organisation slug, position, stakeholder type, country)
SEATS = [
    (
        "committee@demo.example",
        "Committee Demo",
        "wcs",
        "Committee member",
        "international-ngo",
        "INT",
    ),
    (
        "committee-ru@demo.example",
        "Committee Member Russia",
        "far-east-environmental-control",
        "Deputy head of department",
        "national-government",
        "RU",
    ),
    (
        "committee-ngo@demo.example",
        "Committee Member NGO",
        "ifaw",
        "Asia programme director",
        "international-ngo",
        "INT",
    ),
    (
        "seat-cn@demo.example",
        "Wang Lei",
        "nfga",
        "Deputy director, wildlife conservation",
        "national-government",
        "CN",
    ),
    (
        "seat-ru@demo.example",
        "Elena Sokolova",
        "land-of-the-leopard",
        "Deputy director for science",
        "protected-area",
        "RU",
    ),
]


@transaction.atomic
def seed(*, password, with_accounts):
    if not with_accounts:
        return
    start, end = term()
    for email, name, org_slug, position, kind, country in SEATS:
        # the demo logins (committee…@) get the password; the other holders none
        user = ensure_account(email, name, password if email.startswith("committee") else None)
        organisation = Organisation.objects.get(slug=org_slug)
        person, _created = Person.objects.get_or_create(
            organisation=organisation,
            user=user,
            defaults={"full_name": name, "email": email, "position": position},
        )
        if CommitteeSeat.objects.filter(holder=person).exists():
            continue
        seat_assign(
            holder=person,
            stakeholder_type=StakeholderType.objects.get(slug=kind),
            country=Country.objects.get(code=country),
            term_start=start,
            term_end=end,
        )
    rule, _created = DecisionRule.objects.get_or_create(pk=1)
    if rule.chair_id is None:  # the secretariat's later choice stands
        rule.chair = CommitteeSeat.objects.current().filter(holder__user__email=CHAIR).first()
        rule.save(update_fields=["chair", "updated_at"])


@transaction.atomic
def seed_procedure(*, password, with_accounts):
    """An open written procedure on the submitted work plan (seeded by
    workinggroups after the seats; seed_demo calls this after it), with the
    Chinese seat's position recorded."""
    if not with_accounts:
        return
    request = (
        ReviewRequest.objects.filter(kind="workplan", status=ReviewRequest.Status.PENDING)
        .order_by("submitted_at")
        .first()
    )
    if request is None or request.procedures.exists():
        return
    secretariat = get_user_model().objects.get(email="secretariat@demo.example")
    rule = DecisionRule.current()
    procedure_open(
        request=request,
        by=secretariat,
        deadline=timezone.now() + datetime.timedelta(days=rule.procedure_days),
    )
    position_take(
        request=request,
        user=get_user_model().objects.get(email="seat-cn@demo.example"),
        stance=Position.Stance.SUPPORT,
        comment="The survey design matches the joint monitoring protocol agreed in Harbin.",
    )
