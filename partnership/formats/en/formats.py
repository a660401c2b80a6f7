"""English: one unambiguous date everywhere, lists and details alike:
"5 Dec 2026" (never "12/05/2026", which half the readers take for 12 May).
Times on the 24-hour clock. Everything else: django/conf/locale/en/formats.py."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
