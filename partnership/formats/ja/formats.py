"""Japanese: the date as "2026年12月5日" in lists and details alike (Django's
short form is "2026/12/05"); times on the 24-hour clock."""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
