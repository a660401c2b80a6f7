"""Simplified Chinese: the date as "2026年12月5日" in lists and details alike
(Django's own form); numbers grouped by three with a comma, as CLDR has it for
zh (Django groups by four without a separator, which reads as no grouping
next to the other languages' tables)."""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
