"""Korean: the date as "2026년 12월 5일" in lists and details alike (Django's
short form is "2026-12-5"); times on the 24-hour clock."""

DATE_FORMAT = "Y년 n월 j일"
SHORT_DATE_FORMAT = "Y년 n월 j일"
DATETIME_FORMAT = "Y년 n월 j일 H:i"
SHORT_DATETIME_FORMAT = "Y년 n월 j일 H:i"
