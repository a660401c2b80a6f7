"""Notifications: meeting reminders, digests, in-app notifications and email preferences.

An app of its own because it listens to events of every other app (news,
groups, meetings, documents, activities, the committee) and owns what is about
reaching a person rather than the event itself: per-user preferences and
offsets, deliveries recorded exactly once, the digest, unsubscribe links and the
notification list."""
