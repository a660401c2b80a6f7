"""Demo data for monitoring: the seeds' own figures, with their sources.

* Seed 004 (Xinhua, 19 December 2025): in China 27 tigers and 42 leopards in
  2015, about 70 and 80 in 2025; in the Land of the Leopard National Park the
  leopards grew from 35 (when it was established, 2012) to over 120, and the
  tigers to over 50.
* Seed 000 (the NEASPEC partnership proposal of 2012), §9: Amur tigers in
  Heilongjiang Province, 5.5 in 2000, 12 in 2006, around 10–14 in 2007; §43:
  the Hunchun Nature Reserve's SMART patrols, 971 days and 10,627 km as of
  March 2012.

Published by the centre of the country concerned. Idempotent: each record is
found by its natural key first. Run after the activities demo (it needs the
protected areas and the centres) and before the news demo.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from activities.models import InformationCentre, ProtectedArea
from stakeholders.models import Country

from .models import Method, PatrolSummary, PopulationEstimate, Species

SEED_004 = (
    "Xinhua (Vladivostok/Changchun, 19 December 2025): report on Chinese-Russian "
    "conservation of the Amur tiger and the Far Eastern leopard"
)
SEED_000_9 = "NEASPEC, proposal for the Partnership for Tiger and Leopard Conservation (2012), §9"
SEED_000_43 = "NEASPEC, proposal for the Partnership for Tiger and Leopard Conservation (2012), §43"
CENTRES = {"CN": "feline-research-center", "RU": "far-east-environmental-control"}
LOTL = "land-of-the-leopard-national-park"

# (species, country, protected area slug, region, year, estimate, low, high,
#  method, source, notes)
ESTIMATES = [
    (Species.AMUR_TIGER, "CN", None, "", 2015, "27", None, None, Method.OTHER, SEED_004,
     "Before the pilot of the national park; the source does not state the method."),
    (Species.AMUR_LEOPARD, "CN", None, "", 2015, "42", None, None, Method.OTHER, SEED_004,
     "Before the pilot of the national park; the source does not state the method."),
    (Species.AMUR_TIGER, "CN", None, "", 2025, "70", None, None, Method.OTHER, SEED_004,
     "“Approximately 70”; the source does not state the method."),
    (Species.AMUR_LEOPARD, "CN", None, "", 2025, "80", None, None, Method.OTHER, SEED_004,
     "“Approximately 80”; the source does not state the method."),
    (Species.AMUR_LEOPARD, "RU", LOTL, "", 2012, "35", None, None, Method.OTHER, SEED_004,
     "When the national park was established."),
    (Species.AMUR_LEOPARD, "RU", LOTL, "", 2025, "120", "120", None, Method.OTHER, SEED_004,
     "“Over 120 individuals”: 120 is the lower bound."),
    (Species.AMUR_TIGER, "RU", LOTL, "", 2025, "50", "50", None, Method.OTHER, SEED_004,
     "“Over 50”: 50 is the lower bound."),
    (Species.AMUR_TIGER, "CN", None, "Heilongjiang Province", 2000, "5.5", None, None,
     Method.FIELD_SURVEY, SEED_000_9, ""),
    (Species.AMUR_TIGER, "CN", None, "Heilongjiang Province", 2006, "12", None, None,
     Method.FIELD_SURVEY, SEED_000_9, ""),
    (Species.AMUR_TIGER, "CN", None, "Heilongjiang Province", 2007, "12", "10", "14",
     Method.FIELD_SURVEY, SEED_000_9, "“Stabilized around 10–14 tigers” (2006–2007 monitoring data)."),
]  # fmt: skip


@transaction.atomic
def seed(*, password: str, with_accounts: bool) -> None:
    countries = {c.code: c for c in Country.objects.filter(code__in=CENTRES)}
    centres = {
        code: InformationCentre.objects.filter(slug=slug).first() for code, slug in CENTRES.items()
    }
    if not all(centres.values()) or len(countries) < len(CENTRES):
        return  # the activities demo has not run
    areas = {
        a.slug: a for a in ProtectedArea.objects.filter(slug__in=[LOTL, "hunchun-nature-reserve"])
    }
    for (
        species,
        code,
        area_slug,
        region,
        year,
        estimate,
        low,
        high,
        method,
        source,
        notes,
    ) in ESTIMATES:
        area = areas.get(area_slug) if area_slug else None
        if area_slug and area is None:
            continue
        exists = PopulationEstimate.objects.filter(
            species=species,
            country=countries[code],
            protected_area=area,
            region=region,
            year=year,
            method=method,
        ).exists()
        if exists:
            continue
        record = PopulationEstimate(
            centre=centres[code],
            species=species,
            country=countries[code],
            protected_area=area,
            region=region,
            year=year,
            estimate=Decimal(estimate),
            low=Decimal(low) if low else None,
            high=Decimal(high) if high else None,
            method=method,
            source=source,
            notes=notes,
        )
        record.full_clean()
        record.save()
    hunchun = areas.get("hunchun-nature-reserve")
    if (
        hunchun
        and not PatrolSummary.objects.filter(
            protected_area=hunchun, period_start=None, period_end=datetime.date(2012, 3, 31)
        ).exists()
    ):
        summary = PatrolSummary(
            centre=centres["CN"], protected_area=hunchun, period_start=None,
            period_end=datetime.date(2012, 3, 31), patrol_days=971,
            km_patrolled=Decimal("10627"), source=SEED_000_43,
            notes="Cumulative SMART patrol totals of the reserve, the first protected area in China to use SMART.",
        )  # fmt: skip
        summary.full_clean()
        summary.save()
