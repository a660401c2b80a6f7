"""When the partnership started: figures describing an earlier time are its
baseline, shown as such with their source and year and never counted as its
achievements (home page, annual report). Read when asked, never at import."""

import datetime

from django.conf import settings


def partnership_started_on() -> datetime.date:
    return settings.PARTNERSHIP_STARTED_ON
