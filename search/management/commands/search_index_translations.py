"""Rebuild the search index of translations (after restoring a database, or
once after upgrading to the version that indexes translations)."""

from django.core.management.base import BaseCommand

from search.index import reindex_everything


class Command(BaseCommand):
    help = "Rebuild the search index of published translations."

    def handle(self, *args, **options):
        count = reindex_everything()
        self.stdout.write(f"Indexed the translations of {count} objects.")
