"""Mongolian: Django gives only "05 9-р сар 2025" and no digit grouping.

The long date follows CLDR's "y 'оны' M 'сарын' d" written with numerals
("2025 оны 9-р сарын 5"); numbers are grouped by three with a comma as CLDR
has it for mn. Lists use the same date as details (no "2025.09.05").
Everything else comes from django/conf/locale/mn/formats.py.
"""

DATE_FORMAT = r"Y \о\н\ы n-\р \с\а\р\ы\н j"
DATETIME_FORMAT = r"Y \о\н\ы n-\р \с\а\р\ы\н j, H:i"
MONTH_DAY_FORMAT = r"n-\р \с\а\р\ы\н j"
YEAR_MONTH_FORMAT = r"Y \о\н\ы n-\р \с\а\р"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
