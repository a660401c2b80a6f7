"""The fixed vocabulary of the partnership: member countries and stakeholder
types (seed 000, Table 3). Names are stored in English and translated on
display; `gettext_noop` puts them in the message catalogues."""

from django.utils.translation import gettext_noop

# (code, English name, default venue time zone)
COUNTRIES = [
    ("CN", gettext_noop("China"), "Asia/Shanghai"),
    ("KP", gettext_noop("DPRK"), "Asia/Pyongyang"),
    ("JP", gettext_noop("Japan"), "Asia/Tokyo"),
    ("MN", gettext_noop("Mongolia"), "Asia/Ulaanbaatar"),
    ("KR", gettext_noop("Republic of Korea"), "Asia/Seoul"),
    ("RU", gettext_noop("Russian Federation"), "Asia/Vladivostok"),
    ("INT", gettext_noop("International"), "UTC"),
]

# (slug, English name)
STAKEHOLDER_TYPES = [
    ("national-government", gettext_noop("National government agency")),
    ("regional-government", gettext_noop("Provincial/regional government")),
    ("local-government", gettext_noop("Local government")),
    ("protected-area", gettext_noop("Protected-area administration")),
    ("forestry-bureau", gettext_noop("Forestry bureau")),
    ("other-agency", gettext_noop("Other agency (environment, transport, water, border)")),
    ("research", gettext_noop("University / research institute")),
    ("planning-gis", gettext_noop("Planning & GIS institute")),
    ("international-ngo", gettext_noop("International NGO")),
    ("intergovernmental", gettext_noop("UN / intergovernmental organisation")),
    ("local-ngo", gettext_noop("Local NGO / volunteers")),
    ("local-community", gettext_noop("Local community")),
]
