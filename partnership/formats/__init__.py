"""Locale formats the portal sets where Django's own are incomplete or
ambiguous (FORMAT_MODULE_PATH): in every language a list shows the same date
as a detail page, with the month by name or in the language's own year-month-
day form ("5 Dec 2026", "2026年12月5日"), never "12/05/2026"."""
