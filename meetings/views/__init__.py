"""Meeting pages and calendar files. Views stay thin: selectors read,
services write, and every protected meeting is fetched through
`selectors.access_meeting` (404 for a meeting the user may not see).

Visitors who are not signed in see public events; for any other meeting
address they are sent to sign in, whether or not the meeting exists.

One module per concern: `pages` (lists, a meeting's page, its documents),
`rsvp`, `edit` (scheduling, changes, cancelling), `minutes` (agenda, minutes,
action items) and `calendar` (the personal feed); `urls.py` takes the views
from here.
"""

from .calendar import calendar_feed, calendar_feed_rotate, personal_feed
from .edit import meeting_cancel, meeting_edit, meeting_new
from .guest import guest_answer, guest_calendar
from .minutes import (
    action_item_add,
    action_item_close,
    agenda,
    agenda_item_move,
    agenda_item_remove,
    minutes,
)
from .pages import (
    document_attach,
    document_detach,
    event_list,
    events_ics,
    meeting_detail,
    meeting_ics,
    meeting_list,
)
from .rsvp import guest_withdraw, meeting_invite, meeting_rsvp

__all__ = [
    "action_item_add",
    "action_item_close",
    "agenda",
    "agenda_item_move",
    "agenda_item_remove",
    "calendar_feed",
    "calendar_feed_rotate",
    "document_attach",
    "document_detach",
    "event_list",
    "events_ics",
    "guest_answer",
    "guest_calendar",
    "guest_withdraw",
    "meeting_cancel",
    "meeting_detail",
    "meeting_edit",
    "meeting_ics",
    "meeting_invite",
    "meeting_list",
    "meeting_new",
    "meeting_rsvp",
    "minutes",
    "personal_feed",
]
