"""Demo data for the committee: seats by stakeholder group and country,
whose terms give their holders the committee role. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from stakeholders.demo import ensure_account
from stakeholders.models import Country, Organisation, Person, StakeholderType

from .models import CommitteeSeat
from .services import seat_assign


def term() -> tuple[datetime.date, datetime.date]:
    """A three-year term around the day the demo is seeded: from the start of
    last year to the end of next year, so the demo committee sits on any day."""
    year = timezone.localdate().year
    return datetime.date(year - 1, 1, 1), datetime.date(year + 1, 12, 31)


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
        user = ensure_account(email, name, password if email.startswith("committee@") else None)
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
