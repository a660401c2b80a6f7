"""The coordination committee: its seats and terms, and its review queue.

A concern of its own (not a working group): the committee oversees every
group, and its one review queue takes work plans now and activity reports
later, through `registry.py`, so each kind of submission plugs in without
the queue knowing its details.
"""
