"""Demo data for activities: the indicator types, the protected areas the
seeds name with the figures they give, the cross-border pairs, the two
activity/information centres of seed 000 §55 and, with the demo accounts, the
partnership's joint work at every stage of its lifecycle.

The activities are made through the services, so each has its transitions,
its review requests and its committee decisions, as if done on the site. The
secretariat's demo account decides for the committee.

Idempotent: every row is found by its natural key first (slugs; an activity
by its title), so a second run changes nothing. Run after the stakeholders,
committee and working-group demo data (it needs their organisations, groups
and accounts) and after the documents demo.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_noop

from committee.models import ReviewRequest
from committee.services import review_decide
from common.vocabulary import ActionArea
from stakeholders.models import Country, Organisation
from workinggroups.models import WorkingGroup

from . import services
from .models import (
    Activity,
    CrossBorderPair,
    IndicatorType,
    InformationCentre,
    ProtectedArea,
    Report,
)

SECRETARIAT_EMAIL = "secretariat@demo.example"

# (slug, name, unit). The names are marked for the message catalogues:
# IndicatorType.__str__ translates them (gettext_noop only marks them).
INDICATOR_TYPES = [
    ("patrol-days", gettext_noop("patrol days"), "days"),
    ("km-patrolled", gettext_noop("km patrolled"), "km"),
    ("snares-removed", gettext_noop("snares removed"), "snares"),
    ("camera-traps", gettext_noop("camera traps deployed"), "camera traps"),
    ("people-trained", gettext_noop("people trained"), "people"),
    ("people-reached", gettext_noop("people reached"), "people"),
]

D = ProtectedArea.Designation

# (slug, name, country, designation, hectares, year established, latitude,
#  longitude, administration (organisation slug), description)
# Figures from seed 000 §6–9 and seed 004; an area the seeds do not measure is
# left empty. Map points are approximate centres.
PROTECTED_AREAS = [
    (
        "land-of-the-leopard-national-park",
        "Land of the Leopard National Park",
        "RU",
        D.NATIONAL_PARK,
        262_000,
        2012,
        "43.10000",
        "131.40000",
        "land-of-the-leopard",
        "Approved by the government of the Russian Federation in April 2012: 262,000 hectares in the south-west of Primorsky Krai. The park embraces the entire Leopardovy Zakaznik and extends to the area next to the Hunchun Nature Reserve in Jilin Province, China. Since it was established the leopard population has grown from 35 to over 120 individuals, and the tiger population to over 50.",
    ),
    (
        "kedrovaya-pad-nature-reserve",
        "Kedrovaya Pad Nature Reserve",
        "RU",
        D.NATURE_RESERVE,
        None,
        1916,
        "43.10000",
        "131.52000",
        "land-of-the-leopard",
        "The oldest of the protected areas for Amur tigers and leopards in the Tumen River area, established in 1916. Under the 2008 decree it is managed by the same entity as its neighbour, the Leopardovy Zakaznik.",
    ),
    (
        "leopardovy-zakaznik",
        "Leopardovy Zakaznik",
        "RU",
        D.FEDERAL_REFUGE,
        169_429,
        2008,
        "43.25000",
        "131.15000",
        "land-of-the-leopard",
        "Federal-level refuge created by a 2008 decree of the Russian Government, which merged the Barsoviy Federal Zakaznik and the Borisovo Plateau Regional Zakaznik into one protected area of 169,429 ha in the Khasansky, Ussuriysky and Nadezhdinsky districts of Primorsky Krai, so that one authority manages them. Since 2012 it lies within the Land of the Leopard National Park.",
    ),
    (
        "barsoviy-federal-zakaznik",
        "Barsoviy Federal Zakaznik",
        "RU",
        D.FEDERAL_REFUGE,
        None,
        1979,
        "42.95000",
        "131.20000",
        None,
        "Federal refuge established in 1979; merged with the Borisovo Plateau Regional Zakaznik into the Leopardovy Zakaznik in 2008.",
    ),
    (
        "borisovo-plateau-regional-zakaznik",
        "Borisovo Plateau Regional Zakaznik",
        "RU",
        D.REGIONAL_REFUGE,
        None,
        1996,
        "43.50000",
        "131.25000",
        None,
        "Regional refuge established in 1996; merged with the Barsoviy Federal Zakaznik into the Leopardovy Zakaznik in 2008.",
    ),
    (
        "hunchun-nature-reserve",
        "Hunchun Nature Reserve",
        "CN",
        D.NATURE_RESERVE,
        None,
        2001,
        "43.00000",
        "130.75000",
        "hunchun-nature-reserve",
        "Established in Jilin Province in 2001 as a provincial reserve and upgraded to a state-level nature reserve in 2005, on the border with the Russian Federation and the DPRK. It is the first protected area in China to monitor with SMART (formerly MIST).",
    ),
    (
        "northeast-china-tiger-and-leopard-national-park",
        "Northeast China Tiger and Leopard National Park",
        "CN",
        D.NATIONAL_PARK,
        1_400_000,
        2017,
        "43.45000",
        "130.70000",
        "ntlnp-administration",
        "Established in Jilin and Heilongjiang provinces in 2017 as a pilot national park, directly on the border with Russia, covering about 14,000 square kilometres; it received official status in 2021. In 2015, before the pilot, about 27 tigers and 42 leopards lived in China; by 2025 about 70 and 80, and their habitat covers about 80% of the park.",
    ),
]

# (name, first slug, second slug)
CROSS_BORDER_PAIRS = [
    (
        "Land of the Leopard – Northeast China Tiger and Leopard National Park",
        "land-of-the-leopard-national-park",
        "northeast-china-tiger-and-leopard-national-park",
    ),
    (
        "Leopardovy Zakaznik – Hunchun Nature Reserve",
        "leopardovy-zakaznik",
        "hunchun-nature-reserve",
    ),
]

# (slug, name, host organisation slug, country, description) — seed 000 §55
CENTRES = [
    (
        "feline-research-center",
        "Feline Research Center of the NFGA",
        "feline-research-center",
        "CN",
        "Proposed with the partnership in 2012 as one of its activity and information centres: it plans and organises activities, collects and analyses information, facilitates knowledge sharing among the partners and implements joint activities, under the overall guidance of NEASPEC and with technical support from its secretariat.",
    ),
    (
        "far-east-environmental-control",
        "Far East Federal District Department of Environmental Control",
        "far-east-environmental-control",
        "RU",
        "Proposed with the partnership in 2012 as one of its activity and information centres, in its capacity as the coordinator of the Russian Working Group on Amur Tiger and Leopard: planning and organising activities, collecting and analysing information and facilitating communication among the partners, with technical support from the NEASPEC Secretariat.",
    ),
]

A, K, C = ActionArea, Activity.Kind, Activity.Cooperation

# Each activity: what the proposal says, who proposes it, and how far along
# the lifecycle it goes ("proposed", "approved", "ongoing", "completed",
# "submitted" or "accepted"). Figures in the report come from the seeds where
# the seeds give them.
ACTIVITIES = [
    {
        "title": "SMART anti-poaching patrols in the Hunchun Nature Reserve",
        "description": "Patrol teams of the Hunchun Nature Reserve record illegal human activities and wildlife along standard routes with SMART (the Spatial Monitoring and Reporting Tool, formerly MIST), so that teams, sites and periods can be compared on standard indicators and the events shown on a map. The reserve is the first protected area in China to use it, following the Russian protected areas of the Tumen River area.",
        "kind": K.PATROL,
        "action_area": A.PREY,
        "cooperation": C.COLLABORATION,
        "lead": "hunchun-nature-reserve",
        "organisations": [],
        "group": "anti-poaching",
        "countries": ["CN"],
        "areas": ["hunchun-nature-reserve"],
        "point": ("43.00000", "130.75000"),
        "sensitive": False,
        "dates": ("2011-01-01", "2012-03-31"),
        "planned": {"patrol-days": 971, "km-patrolled": 10627},
        "proposer": "coordinator-anti-poaching@demo.example",
        "stage": "accepted",
        "report": "As of March 2012 the patrol teams of the Hunchun Nature Reserve had completed 971 patrol days and 10,627 km, collecting a large amount of information on illegal human activities and on wildlife. The reserve's monitoring system is built on SMART, and the State Forestry Administration, the Jilin Province Forestry Administration and the Hunchun Forestry Bureau funded infrastructure, law enforcement against poaching, public education and international cooperation.",
        "achieved": {"patrol-days": 971, "km-patrolled": 10627},
        "evidence": (
            "SMART patrol summary, Hunchun Nature Reserve (to March 2012)",
            [
                "Hunchun Nature Reserve is the first protected area in China that uses SMART (formerly MIST) for monitoring.",
                "As of March 2012 the reserve has completed patrolling for 971 days and 10,627 km, collecting a large amount of information on illegal human activities and wildlife.",
            ],
        ),
    },
    {
        "title": "Joint cross-border camera-trap survey, winter 2025–2026",
        "description": "Rangers and scientists of the Land of the Leopard National Park and the Northeast China Tiger and Leopard National Park set camera traps on agreed routes on both sides of the border, identify tigers and leopards from their coat patterns and pool the results under the parks' data exchange agreement.",
        "kind": K.JOINT_SURVEY,
        "action_area": A.PREY,
        "cooperation": C.COLLABORATION,
        "lead": "land-of-the-leopard",
        "organisations": ["ntlnp-administration", "beijing-normal-university"],
        "group": "joint-survey-monitoring",
        "countries": ["RU", "CN"],
        "areas": [
            "land-of-the-leopard-national-park",
            "northeast-china-tiger-and-leopard-national-park",
        ],
        "point": ("43.20000", "131.00000"),
        "sensitive": False,
        "dates": ("2025-12-01", "2026-03-31"),
        "planned": {"camera-traps": 200, "people-trained": 20},
        "proposer": "member-monitoring@demo.example",
        "stage": "submitted",
        "report": "Camera traps were set on both sides of the border on the routes agreed by the two parks, and rangers from both were trained in the common protocol. Photographs were exchanged under the data exchange agreement and individual tigers and leopards identified jointly; the pooled results go to the working group for the next survey design.",
        "achieved": {"camera-traps": 186, "people-trained": 24},
    },
    {
        "title": "Joint snare removal in the Jilin–Primorye border forests, winter 2026–2027",
        "description": "Teams from both sides of the border sweep the forests along the border for wire snares, which kill tigers, leopards and their prey, and map where they are found so that patrols can target those places.",
        "kind": K.SNARE_REMOVAL,
        "action_area": A.PREY,
        "cooperation": C.COLLABORATION,
        "lead": "wwf",
        "organisations": ["hunchun-nature-reserve", "land-of-the-leopard"],
        "group": None,
        "countries": ["CN", "RU"],
        "areas": ["hunchun-nature-reserve", "land-of-the-leopard-national-park"],
        "point": ("42.95000", "130.85000"),
        "sensitive": False,
        "dates": ("2026-11-01", "2027-03-31"),
        "planned": {"snares-removed": 500, "km-patrolled": 1500},
        "proposer": "rep-wwf@demo.example",
        "stage": "ongoing",
    },
    {
        "title": "Exchange visit between the Land of the Leopard and the Northeast China Tiger and Leopard national parks, 2027",
        "description": "Building on the 2019 exchange visits between the two national parks, which formally established their strategic partnership for the transboundary conservation of tigers and leopards, staff of each park visit the other's patrol and monitoring stations to share experience and agree common management goals.",
        "kind": K.EXCHANGE_VISIT,
        "action_area": A.CAPACITY,
        "cooperation": C.COMMUNICATION,
        "lead": "ntlnp-administration",
        "organisations": ["land-of-the-leopard"],
        "group": "protected-area-capacity",
        "countries": ["CN", "RU"],
        "areas": [
            "land-of-the-leopard-national-park",
            "northeast-china-tiger-and-leopard-national-park",
        ],
        "point": None,
        "sensitive": False,
        "dates": ("2027-05-10", "2027-05-20"),
        "planned": {"people-trained": 30},
        "proposer": "coordinator-protected-area-capacity@demo.example",
        "stage": "approved",
    },
    {
        "title": "Tiger Festival 2027 on both sides of the border",
        "description": "A joint Tiger Festival for the towns and villages next to the tiger and leopard habitats: school events, exhibitions and open days at the protected areas, prepared together by Chinese and Russian partners.",
        "kind": K.EDUCATION,
        "action_area": A.COMMUNITIES,
        "cooperation": C.COLLABORATION,
        "lead": "cwca",
        "organisations": [],
        "group": "public-awareness",
        "countries": ["CN", "RU"],
        "areas": [],
        "point": ("42.87000", "130.36000"),
        "sensitive": False,
        "dates": ("2027-07-29", "2027-08-01"),
        "planned": {"people-reached": 5000},
        "proposer": "coordinator-public-awareness@demo.example",
        "stage": "proposed",
    },
    {
        "title": "Camera-trap grid at leopard breeding sites",
        "description": "A dense camera-trap grid at places where leopard females raise cubs, to follow the survival of the young. The exact places are sensitive: others see them generalised to about 10 km.",
        "kind": K.MONITORING,
        "action_area": A.PREY,
        "cooperation": C.COLLABORATION,
        "lead": "feline-research-center",
        "organisations": [],
        "group": "joint-survey-monitoring",
        "countries": ["CN"],
        "areas": ["northeast-china-tiger-and-leopard-national-park"],
        "point": ("43.52137", "130.84412"),
        "sensitive": True,
        "dates": ("2026-09-01", "2027-08-31"),
        "planned": {"camera-traps": 60},
        "proposer": "lead-monitoring@demo.example",
        "stage": "ongoing",
    },
]

STAGES = ["proposed", "approved", "ongoing", "completed", "submitted", "accepted"]


def seed_indicator_types():
    for order, (slug, name, unit) in enumerate(INDICATOR_TYPES):
        IndicatorType.objects.get_or_create(
            slug=slug, defaults={"name": name, "unit": unit, "sort_order": order}
        )


def seed_protected_areas():
    countries = {c.code: c for c in Country.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for (
        slug,
        name,
        country,
        designation,
        hectares,
        established,
        latitude,
        longitude,
        administration,
        description,
    ) in PROTECTED_AREAS:
        if ProtectedArea.objects.filter(slug=slug).exists():
            continue
        area = ProtectedArea(
            slug=slug,
            name=name,
            country=countries[country],
            designation=designation,
            area_ha=hectares,
            established=established,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
            administration=organisations.get(administration) if administration else None,
            description=description,
        )
        area.full_clean()
        area.save()
    areas = {a.slug: a for a in ProtectedArea.objects.all()}
    for name, first, second in CROSS_BORDER_PAIRS:
        CrossBorderPair.objects.get_or_create(
            first=areas[first], second=areas[second], defaults={"name": name}
        )


def seed_centres():
    countries = {c.code: c for c in Country.objects.all()}
    for slug, name, host, country, description in CENTRES:
        InformationCentre.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "host": Organisation.objects.get(slug=host),
                "country": countries[country],
                "description": description,
            },
        )


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _decide(subject, reviewer, comment=""):
    """Approve (or accept) what waits in the committee's queue for `subject`."""
    request = ReviewRequest.objects.get(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        status=ReviewRequest.Status.PENDING,
    )
    review_decide(request=request, reviewer=reviewer, outcome="approve", comment=comment)


def _evidence(spec, uploader):
    from documents.demo import text_pdf
    from documents.models import Document
    from documents.services import document_import

    title, paragraphs = spec
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return document_import(
        uploaded_by=uploader,
        title=title,
        description="Evidence for an activity report, from the partnership proposal of 2012 (seed 000 §43).",
        language="en",
        access=Document.Access.MEMBERS,
        group=None,
        file=ContentFile(text_pdf(title, paragraphs), name="smart-patrol-summary.pdf"),
    )


def seed_activity(spec: dict, *, reviewer) -> Activity | None:
    """One activity taken through the lifecycle to its stage; None if it exists."""
    if Activity.objects.filter(title=spec["title"]).exists():
        return None
    User = get_user_model()
    proposer = User.objects.get(email=spec["proposer"])
    organisations = {o.slug: o for o in Organisation.objects.all()}
    types = {t.slug: t for t in IndicatorType.objects.all()}
    latitude, longitude = (Decimal(v) for v in spec["point"]) if spec["point"] else (None, None)
    starts_on, ends_on = (_date(v) for v in spec["dates"])
    activity = services.activity_propose(
        by=proposer,
        fields={
            "title": spec["title"],
            "description": spec["description"],
            "kind": spec["kind"],
            "action_area": spec["action_area"],
            "cooperation": spec["cooperation"],
            "lead_organisation": organisations[spec["lead"]],
            "group": WorkingGroup.objects.get(slug=spec["group"]) if spec["group"] else None,
            "latitude": latitude,
            "longitude": longitude,
            "location_sensitive": spec["sensitive"],
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
        countries=list(Country.objects.filter(code__in=spec["countries"])),
        organisations=[organisations[slug] for slug in spec["organisations"]],
        protected_areas=list(ProtectedArea.objects.filter(slug__in=spec["areas"])),
        planned={types[slug]: Decimal(value) for slug, value in spec["planned"].items()},
    )
    stage = STAGES.index(spec["stage"])
    if stage >= STAGES.index("approved"):
        _decide(activity, reviewer, "Approved: it carries the joint work plans forward.")
    if stage >= STAGES.index("ongoing"):
        activity = services.activity_start(activity=activity, by=proposer)
    if stage >= STAGES.index("completed"):
        activity = services.activity_complete(activity=activity, by=proposer)
    if stage >= STAGES.index("submitted"):
        achieved = {
            indicator.pk: Decimal(spec["achieved"][indicator.indicator_type.slug])
            for indicator in activity.indicators.select_related("indicator_type")
        }
        report = services.report_save(
            activity=activity, by=proposer, narrative=spec["report"], achieved=achieved
        )
        if spec.get("evidence"):
            report.evidence.add(_evidence(spec["evidence"], proposer))
        services.report_submit(activity=activity, by=proposer)
    if stage >= STAGES.index("accepted"):
        _decide(
            Report.objects.get(activity=activity),
            reviewer,
            "Accepted: the figures match the reserve's SMART records.",
        )
    return activity


@transaction.atomic
def seed(*, password, with_accounts):
    """`password` is unused: the activities are proposed by the demo accounts
    that the stakeholders and working-group demo data create."""
    seed_indicator_types()
    seed_protected_areas()
    seed_centres()
    if not with_accounts:
        return
    reviewer = get_user_model().objects.get(email=SECRETARIAT_EMAIL)
    for spec in ACTIVITIES:
        seed_activity(spec, reviewer=reviewer)
