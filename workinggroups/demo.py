"""Demo data for working groups: the nine groups of the brief (seed 003's
discussion topics and seed 000 §54), with leads and members. Idempotent."""

from django.contrib.auth import get_user_model
from django.db import transaction

from common.vocabulary import ActionArea
from stakeholders.demo import ensure_account
from stakeholders.models import Country, Organisation, Person

from .models import GroupMembership, GroupRole, WorkingGroup
from .services import membership_sync_grants

A = ActionArea

# (slug, name, action areas, countries, mandate)
GROUPS = [
    (
        "anti-poaching",
        "Anti-poaching coordination",
        [A.PREY, A.CAPACITY],
        ["CN", "RU"],
        "Develop joint anti-poaching action programmes and plans; exchange anti-poaching information; evaluate anti-poaching experience and results; support exchange and cooperation between the agencies that carry out anti-poaching work; anti-poaching training and capacity building.",
    ),
    (
        "joint-survey-monitoring",
        "Joint survey and monitoring",
        [A.PREY, A.CAPACITY],
        ["CN", "RU", "KP"],
        "Agree uniform methods and standards for survey and monitoring; exchange and share monitoring information regularly through a data-sharing platform; train staff periodically; carry out cross-border joint survey and monitoring; cooperate in research.",
    ),
    (
        "policy-enforcement",
        "Policy and enforcement",
        [A.PROTECTED_AREAS],
        ["CN", "RU", "KP", "MN", "KR", "JP"],
        "Strengthen and enforce conservation policies and measures: a cross-border cooperation and coordination mechanism with implementing organisations, and a cross-border tiger and leopard expert group.",
    ),
    (
        "protected-area-capacity",
        "Protected-area management capacity",
        [A.CAPACITY],
        ["CN", "RU"],
        "Strengthen the management and technical capacity of nature reserve authorities through periodic visits and exchange of experience between protected areas, and common conservation management goals.",
    ),
    (
        "public-awareness",
        "Public awareness",
        [A.COMMUNITIES],
        ["CN", "RU", "KR", "JP", "MN"],
        "Raise public awareness and participation: joint conservation education such as the Tiger Festival and the Leopard Festival, a joint youth summer camp, and joint educational publications.",
    ),
    (
        "ecological-corridors",
        "Ecological corridors",
        [A.PROTECTED_AREAS],
        ["CN", "RU", "KP"],
        "Develop ecological corridors for the Amur tiger in transboundary areas: joint investigation, planning, design and construction, and monitoring and management.",
    ),
    (
        "jilin-primorye",
        "Jilin–Primorye cooperation",
        [A.PROTECTED_AREAS, A.PREY],
        ["CN", "RU"],
        "Further develop protection work in the Jilin–Primorye transboundary area, building on the 2010 cooperation agreement between Jilin Province and Primorsky Krai.",
    ),
    (
        "leopard-survey",
        "Leopard survey",
        [A.PREY],
        ["CN", "RU"],
        "The Far Eastern leopard survey working group of the mechanism launched at the 2012 Slavyanka meeting, coordinated by Primorsky Okhotnazor, Land of the Leopard National Park and the Jilin Wildlife Department.",
    ),
    (
        "camera-trapping",
        "Camera trapping",
        [A.PREY, A.CAPACITY],
        ["CN", "RU"],
        "The camera-trapping working group of the 2012 Slavyanka leopard mechanism: common camera-trap protocols, shared photo identification and data exchange.",
    ),
]

# (group slug, account email, organisation slug, role)
MEMBERSHIPS = [
    (
        "joint-survey-monitoring",
        "lead-monitoring@demo.example",
        "feline-research-center",
        GroupRole.LEAD,
    ),
    (
        "joint-survey-monitoring",
        "member-monitoring@demo.example",
        "land-of-the-leopard",
        GroupRole.MEMBER,
    ),
    ("joint-survey-monitoring", "rep-wwf@demo.example", "wwf", GroupRole.OBSERVER),
]

# Every other group gets a coordinator account (no password) as its lead,
# from a plausible member organisation.
GROUP_COORDINATORS = {
    "anti-poaching": "land-of-the-leopard",
    "policy-enforcement": "nfga",
    "protected-area-capacity": "hunchun-nature-reserve",
    "public-awareness": "cwca",
    "ecological-corridors": "wcs",
    "jilin-primorye": "jilin-forestry-department",
    "leopard-survey": "land-of-the-leopard",
    "camera-trapping": "beijing-normal-university",
}


def seed_groups():
    countries = {c.code: c for c in Country.objects.all()}
    for slug, name, areas, codes, mandate in GROUPS:
        group, created = WorkingGroup.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "mandate": mandate, "action_areas": [a.value for a in areas]},
        )
        if created:
            group.countries.set([countries[code] for code in codes])


def _member(group, user, organisation, role):
    Person.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={"full_name": user.full_name or user.email, "email": user.email},
    )
    GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"organisation": organisation, "role": role}
    )
    membership_sync_grants(user=user, group=group)


def seed_memberships(password):
    User = get_user_model()
    groups = {g.slug: g for g in WorkingGroup.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for group_slug, email, org_slug, role in MEMBERSHIPS:
        user = User.objects.get(email=email)
        _member(groups[group_slug], user, organisations[org_slug], role)
    for group_slug, org_slug in GROUP_COORDINATORS.items():
        email = f"coordinator-{group_slug}@demo.example"
        user = ensure_account(email, f"Coordinator, {groups[group_slug].name}", None)
        _member(groups[group_slug], user, organisations[org_slug], GroupRole.LEAD)


@transaction.atomic
def seed(*, password, with_accounts):
    seed_groups()
    if with_accounts:
        seed_memberships(password)
        seed_work_plans()


# (group slug, title, start, end, summary, items, submit?)
PLAN_ITEMS = [
    {
        "objective": "Agree a common camera-trap survey protocol",
        "output": "Protocol adopted by both national parks",
        "indicator": "Protocol documents signed",
        "target": 1,
        "unit": "protocol",
        "responsible": "feline-research-center",
        "starts_on": "2026-01-15",
        "ends_on": "2026-06-30",
    },
    {
        "objective": "Run a synchronised winter survey on both sides of the border",
        "output": "Joint survey report on tigers, leopards and prey",
        "indicator": "Camera traps deployed",
        "target": 300,
        "unit": "camera traps",
        "responsible": "land-of-the-leopard",
        "starts_on": "2026-11-01",
        "ends_on": "2027-03-31",
    },
    {
        "objective": "Train rangers in survey methods",
        "output": "Two joint training courses",
        "indicator": "People trained",
        "target": 60,
        "unit": "people",
        "responsible": "wwf",
        "starts_on": "2026-04-01",
        "ends_on": "2026-10-31",
    },
]


def seed_work_plans():
    """A submitted plan awaiting the committee, in the monitoring group."""
    import datetime

    from .models import WorkPlan
    from .services import workplan_create, workplan_draft_save, workplan_submit

    group = WorkingGroup.objects.get(slug="joint-survey-monitoring")
    if WorkPlan.objects.filter(group=group).exists():
        return
    lead = get_user_model().objects.get(email="lead-monitoring@demo.example")
    organisations = {o.slug: o for o in Organisation.objects.all()}
    version = workplan_create(
        group=group,
        by=lead,
        title="Joint survey and monitoring work plan",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2027, 12, 31),
        summary="Unified methods, a synchronised cross-border winter survey and ranger training.",
    )
    items = [
        {
            **item,
            "responsible": organisations[item["responsible"]],
            "starts_on": datetime.date.fromisoformat(item["starts_on"]),
            "ends_on": datetime.date.fromisoformat(item["ends_on"]),
        }
        for item in PLAN_ITEMS
    ]
    workplan_draft_save(version=version, by=lead, summary=version.summary, items=items)
    workplan_submit(version=version, by=lead)
