"""Russian: the date with the month's name, "5 декабря 2026 г.", in lists and
details alike (Django's short form "05.12.2026" is read as 12 May by half the
partnership). Django has no CLDR abbreviations of the genitive ("дек.",
"мая"), hence the full name. Everything else: django/conf/locale/ru/formats.py."""

DATE_FORMAT = "j E Y г."
SHORT_DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., H:i"
SHORT_DATETIME_FORMAT = "j E Y г., H:i"
