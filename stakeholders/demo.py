"""Demo data for members and roles: the seeds' real organisations, the demo
accounts of the brief, and applications awaiting a decision.

Idempotent: every row is found by its natural key first, so a second run
changes nothing (passwords are set only when an account is created).
"""

import datetime
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import (
    ApplicationRound,
    Country,
    MembershipApplication,
    Organisation,
    Person,
    Role,
    RoleAssignment,
    StakeholderType,
)
from .services import person_make_representative
from .vocabulary import COUNTRIES, STAKEHOLDER_TYPES

# (slug, name, acronym, country, type, website, joined, description)
ORGANISATIONS = [
    (
        "neaspec",
        "North-East Asian Subregional Programme for Environmental Cooperation",
        "NEASPEC",
        "INT",
        "intergovernmental",
        "https://www.neaspec.org/",
        "2012-10-01",
        "Intergovernmental programme of China, DPRK, Japan, Mongolia, the Republic of Korea and the Russian Federation; its secretariat supports the partnership.",
    ),
    (
        "nfga",
        "National Forestry and Grassland Administration",
        "NFGA",
        "CN",
        "national-government",
        "",
        "2013-03-01",
        "China's national authority for forests, grasslands and protected areas (formerly the State Forestry Administration): legislative and policy support and national conservation strategies.",
    ),
    (
        "feline-research-center",
        "Feline Research Center of the National Forestry and Grassland Administration",
        "FRC",
        "CN",
        "research",
        "",
        "2013-03-01",
        "Research centre for Amur tigers and leopards; proposed as one of the partnership's activity and information centres.",
    ),
    (
        "jilin-forestry-department",
        "Jilin Provincial Forestry Department",
        "",
        "CN",
        "regional-government",
        "",
        "2013-05-01",
        "Local policies and legislative support, mobilising financial resources, and establishing and expanding protected areas in Jilin Province.",
    ),
    (
        "heilongjiang-forestry-grassland",
        "Forestry and Grassland Administration of Heilongjiang Province",
        "",
        "CN",
        "regional-government",
        "",
        "2018-10-24",
        "Organiser of the 2018 Harbin international forum on Amur tiger and leopard conservation.",
    ),
    (
        "hunchun-nature-reserve",
        "Hunchun Nature Reserve",
        "",
        "CN",
        "protected-area",
        "",
        "2013-05-01",
        "Nature reserve in Jilin Province on the border with the Russian Federation and the DPRK.",
    ),
    (
        "ntlnp-administration",
        "Northeast China Tiger and Leopard National Park Administration",
        "NTLNP",
        "CN",
        "protected-area",
        "",
        "2017-08-19",
        "Administration of the national park established in Jilin and Heilongjiang provinces for Amur tigers and leopards.",
    ),
    (
        "northeast-forestry-university",
        "Northeast Forestry University",
        "NEFU",
        "CN",
        "research",
        "https://www.nefu.edu.cn/",
        "2018-10-24",
        "University in Harbin; host of the 2019 forum that adopted the Harbin Consensus.",
    ),
    (
        "beijing-normal-university",
        "Beijing Normal University (NFGA Monitoring and Research Center for Amur Tiger and Amur Leopard)",
        "BNU",
        "CN",
        "research",
        "",
        "2019-07-27",
        "Monitoring and research on Amur tigers and leopards; camera-trap networks.",
    ),
    (
        "cwca",
        "China Wildlife Conservation Association",
        "CWCA",
        "CN",
        "local-ngo",
        "",
        "2019-07-27",
        "National association for wildlife conservation and public awareness.",
    ),
    (
        "land-of-the-leopard",
        "Land of the Leopard National Park Administration",
        "",
        "RU",
        "protected-area",
        "https://leopard-land.ru/",
        "2013-03-01",
        "Federal State Budgetary Institution managing the Land of the Leopard National Park in Primorsky Krai, with a tiger and leopard research centre.",
    ),
    (
        "far-east-environmental-control",
        "Far East Federal District Department of Environmental Control",
        "",
        "RU",
        "national-government",
        "",
        "2013-03-01",
        "Coordinator of the Russian Working Group on Amur Tiger and Leopard; proposed as one of the partnership's activity and information centres.",
    ),
    (
        "wwf",
        "World Wide Fund for Nature",
        "WWF",
        "INT",
        "international-ngo",
        "https://www.worldwildlife.org/",
        "2013-03-01",
        "International NGO: camera trapping, anti-poaching, SMART patrolling and the CA|TS standard in Amur tiger and leopard landscapes.",
    ),
    (
        "wcs",
        "Wildlife Conservation Society",
        "WCS",
        "INT",
        "international-ngo",
        "https://www.wcs.org/",
        "2013-03-01",
        "International NGO providing technical and financial support to protected areas.",
    ),
    (
        "ifaw",
        "International Fund for Animal Welfare",
        "IFAW",
        "INT",
        "international-ngo",
        "https://www.ifaw.org/",
        "2019-07-27",
        "Supporter of the Harbin Consensus; work against wildlife crime.",
    ),
    (
        "iszs",
        "International Society of Zoological Sciences",
        "ISZS",
        "INT",
        "research",
        "",
        "2019-07-27",
        "International scientific society; supporter of the 2019 Harbin forum.",
    ),
]


class DemoAccount(NamedTuple):
    email: str
    full_name: str
    organisation: str | None
    position: str
    role: str | None
    country: str | None
    is_staff: bool
    description: str


DEMO_ACCOUNTS = [
    DemoAccount(
        "secretariat@demo.example",
        "Secretariat Demo",
        "neaspec",
        "Programme officer",
        Role.SECRETARIAT,
        None,
        True,
        "secretariat staff",
    ),
    DemoAccount(
        "committee@demo.example",
        "Committee Demo",
        "wcs",
        "Committee member",
        None,  # the committee role comes with a seat (committee/demo.py)
        None,
        False,
        "coordination-committee member",
    ),
    DemoAccount(
        "focal-cn@demo.example",
        "Focal Point China",
        "nfga",
        "National focal point",
        Role.FOCAL_POINT,
        "CN",
        False,
        "country focal point, China",
    ),
    DemoAccount(
        "focal-ru@demo.example",
        "Focal Point Russia",
        "far-east-environmental-control",
        "National focal point",
        Role.FOCAL_POINT,
        "RU",
        False,
        "country focal point, Russian Federation",
    ),
    DemoAccount(
        "lead-monitoring@demo.example",
        "Monitoring Lead",
        "feline-research-center",
        "Head of monitoring",
        None,
        None,
        False,
        "lead of the joint survey and monitoring group",
    ),
    DemoAccount(
        "member-monitoring@demo.example",
        "Monitoring Member",
        "land-of-the-leopard",
        "Research scientist",
        None,
        None,
        False,
        "member of the joint survey and monitoring group",
    ),
    DemoAccount(
        "rep-wwf@demo.example",
        "WWF Representative",
        "wwf",
        "Amur programme coordinator",
        None,
        None,
        False,
        "representative of WWF (international NGO)",
    ),
    DemoAccount(
        "centre-cn@demo.example",
        "Centre Staff China",
        "feline-research-center",
        "Information officer",
        Role.CENTRE_STAFF,
        "CN",
        False,
        "information-centre staff, China",
    ),
    DemoAccount(
        "committee-ru@demo.example",
        "Committee Member Russia",
        "far-east-environmental-control",
        "Deputy head of department",
        None,  # a seat for the Russian Federation (committee/demo.py)
        None,
        False,
        "coordination-committee member, Russian Federation",
    ),
    DemoAccount(
        "committee-ngo@demo.example",
        "Committee Member NGO",
        "ifaw",
        "Asia programme director",
        None,  # a seat for an international NGO (committee/demo.py)
        None,
        False,
        "coordination-committee member for an international NGO",
    ),
    DemoAccount(
        "centre-ru@demo.example",
        "Centre Staff Russia",
        "far-east-environmental-control",
        "Information officer",
        Role.CENTRE_STAFF,
        "RU",
        False,
        "information-centre staff, Russian Federation (translates into Russian)",
    ),
    DemoAccount(
        "user@demo.example",
        "Registered User",
        None,
        "",
        None,
        None,
        False,
        "registered user, no organisation",
    ),
]

REPRESENTATIVES = {"rep-wwf@demo.example"}

# Applications awaiting a decision: (applicant email, name, acronym, country, type, position, motivation)
PENDING_APPLICATIONS = [
    (
        "user@demo.example",
        "Jilin Provincial Forest Industry Bureau",
        "",
        "CN",
        "forestry-bureau",
        "Wildlife officer",
        "We carry out patrols, surveys and monitoring in the forest districts next to the border and want to join the joint survey and snare-removal work.",
    ),
    (
        "applicant-ru@demo.example",
        "Primorsky Krai Hunting Supervision Department",
        "Okhotnazor",
        "RU",
        "regional-government",
        "Deputy head",
        "We coordinate the Far Eastern leopard working groups on leopard survey and camera trapping and want to share data across the border.",
    ),
]


def seed_vocabulary():
    for order, (code, name, tz) in enumerate(COUNTRIES):
        Country.objects.get_or_create(
            code=code, defaults={"name": name, "default_time_zone": tz, "sort_order": order}
        )
    for order, (slug, name) in enumerate(STAKEHOLDER_TYPES):
        StakeholderType.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )


def seed_organisations():
    countries = {c.code: c for c in Country.objects.all()}
    types = {t.slug: t for t in StakeholderType.objects.all()}
    for slug, name, acronym, country, kind, website, joined, description in ORGANISATIONS:
        Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "country": countries[country],
                "stakeholder_type": types[kind],
                "website": website,
                "description": description,
                "status": Organisation.Status.ACTIVE,
                "joined_on": joined,
            },
        )


# The content languages demo translators translate into (their profile's
# "languages I translate into"): the translation workspace lists their work.
DEMO_TRANSLATION_LANGUAGES = {
    "centre-ru@demo.example": "ru",
    "centre-cn@demo.example": "zh-hans",
    "secretariat@demo.example": "zh-hans,ru,ko,ja,mn",
}

# Where the demo people work, so pages show them their own local times.
DEMO_TIME_ZONES = {
    "committee-ru@demo.example": "Asia/Vladivostok",
    "focal-cn@demo.example": "Asia/Shanghai",
    "lead-monitoring@demo.example": "Asia/Shanghai",
    "centre-cn@demo.example": "Asia/Shanghai",
    "centre-ru@demo.example": "Asia/Vladivostok",
    "focal-ru@demo.example": "Asia/Vladivostok",
    "member-monitoring@demo.example": "Asia/Vladivostok",
    "secretariat@demo.example": "Asia/Seoul",
    "committee@demo.example": "Asia/Tokyo",
}


def ensure_account(email, full_name, password, *, is_staff=False):
    """A demo account with a confirmed email; no password when `password` is None."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "is_staff": is_staff,
            "time_zone": DEMO_TIME_ZONES.get(email, "UTC"),
            "translation_languages": DEMO_TRANSLATION_LANGUAGES.get(email, ""),
        },
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_accounts(password: str):
    countries = {c.code: c for c in Country.objects.all()}
    for account in DEMO_ACCOUNTS:
        user = ensure_account(account.email, account.full_name, password, is_staff=account.is_staff)
        if account.organisation:
            organisation = Organisation.objects.get(slug=account.organisation)
            if account.email in REPRESENTATIVES:
                person_make_representative(
                    organisation=organisation, user=user, position=account.position
                )
            else:
                Person.objects.get_or_create(
                    organisation=organisation,
                    user=user,
                    defaults={
                        "full_name": account.full_name,
                        "email": account.email,
                        "position": account.position,
                    },
                )
        if account.role:
            RoleAssignment.objects.get_or_create(
                user=user,
                role=account.role,
                country=countries.get(account.country),
                defaults={"note": "demo account"},
            )


def seed_focal_point_contacts():
    """Named contacts shown on profiles (no accounts)."""
    contacts = [
        ("land-of-the-leopard", "Viktor Bardyuk", "Director"),
        ("heilongjiang-forestry-grassland", "Zheng Huaiyu", "Deputy director-general"),
    ]
    for slug, name, position in contacts:
        organisation = Organisation.objects.get(slug=slug)
        Person.objects.get_or_create(
            organisation=organisation,
            full_name=name,
            user=None,
            defaults={"position": position, "is_focal_point": True},
        )


def seed_applications():
    countries = {c.code: c for c in Country.objects.all()}
    types = {t.slug: t for t in StakeholderType.objects.all()}
    for email, name, acronym, country, kind, position, motivation in PENDING_APPLICATIONS:
        applicant = ensure_account(email, email.split("@")[0].replace("-", " ").title(), None)
        if MembershipApplication.objects.filter(applicant=applicant, name=name).exists():
            continue
        MembershipApplication.objects.create(
            applicant=applicant,
            name=name,
            acronym=acronym,
            country=countries[country],
            stakeholder_type=types[kind],
            applicant_position=position,
            motivation=motivation,
        )


# An application waiting for more information: the China focal point asked
# the applicant a question that is not answered yet.
# (applicant email, name, country, type, position, motivation, asked by, question)
APPLICATION_WAITING_FOR_INFORMATION = (
    "applicant-cn@demo.example",
    "Hunchun Snare Patrol Volunteers",
    "CN",
    "local-ngo",
    "Coordinator",
    "Our volunteers remove snares every winter in the forests around Hunchun and want to "
    "join the joint snare-removal work.",
    "focal-cn@demo.example",
    "Which villages do your volunteers come from, and with which protected-area "
    "administration do you patrol? Please add a website or a contact we can ask.",
)


def seed_application_waiting_for_information():
    """Idempotent: made once, with its open round, straight in the database
    (no mail: nobody asked anything for real)."""
    email, name, country, kind, position, motivation, asker, question = (
        APPLICATION_WAITING_FOR_INFORMATION
    )
    applicant = ensure_account(email, "Applicant Cn", None)
    if MembershipApplication.objects.filter(applicant=applicant, name=name).exists():
        return
    application = MembershipApplication.objects.create(
        applicant=applicant,
        name=name,
        country=Country.objects.get(code=country),
        stakeholder_type=StakeholderType.objects.get(slug=kind),
        applicant_position=position,
        motivation=motivation,
        status=MembershipApplication.Status.MORE_INFO,
        submitted_at=timezone.now() - datetime.timedelta(days=4),
    )
    ApplicationRound.objects.create(
        application=application,
        number=1,
        question=question,
        asked_by=get_user_model().objects.filter(email=asker).first(),
        asked_at=timezone.now() - datetime.timedelta(days=2),
    )


@transaction.atomic
def seed(*, password: str | None, with_accounts: bool):
    seed_vocabulary()
    seed_organisations()
    seed_focal_point_contacts()
    if with_accounts:
        seed_accounts(password)
        seed_applications()
        seed_application_waiting_for_information()
