"""News, about pages and translated content: the partnership's editorial side.

An app of its own because articles, the about pages and their translations
are the partnership's *editorial* content: written by the information centres
and the secretariat (not by member organisations or working groups), published
on a schedule, read in several languages, syndicated by RSS/Atom and listed in
the sitemap. None of that belongs to an app whose subject is members, groups or
activities; those apps only borrow `translations.translated_field` to show a
group's mandate or an organisation's description in the visitor's language.
"""
