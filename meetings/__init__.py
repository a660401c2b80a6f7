"""Meetings of the committee and the working groups, and public events:
agendas, RSVPs, minutes with action items, and calendar feeds.

A concern of its own because meetings belong to the committee, to groups or
to the public, and carry their own feeds, reminders and time-zone rules."""
