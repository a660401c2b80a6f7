"""The fixed vocabulary of the partnership: member countries and stakeholder
types (seed 000, Table 3). Names are stored in English and translated on
display; `gettext_noop` puts them in the message catalogues."""

from django.utils.translation import gettext_noop as N_

# (code, English name, default venue time zone)
COUNTRIES = [
    ("CN", N_("China"), "Asia/Shanghai"),
    ("KP", N_("DPRK"), "Asia/Pyongyang"),
    ("JP", N_("Japan"), "Asia/Tokyo"),
    ("MN", N_("Mongolia"), "Asia/Ulaanbaatar"),
    ("KR", N_("Republic of Korea"), "Asia/Seoul"),
    ("RU", N_("Russian Federation"), "Asia/Vladivostok"),
    ("INT", N_("International"), "UTC"),
]

# (slug, English name)
STAKEHOLDER_TYPES = [
    ("national-government", N_("National government agency")),
    ("regional-government", N_("Provincial/regional government")),
    ("local-government", N_("Local government")),
    ("protected-area", N_("Protected-area administration")),
    ("forestry-bureau", N_("Forestry bureau")),
    ("other-agency", N_("Other agency (environment, transport, water, border)")),
    ("research", N_("University / research institute")),
    ("planning-gis", N_("Planning & GIS institute")),
    ("international-ngo", N_("International NGO")),
    ("intergovernmental", N_("UN / intergovernmental organisation")),
    ("local-ngo", N_("Local NGO / volunteers")),
    ("local-community", N_("Local community")),
]
