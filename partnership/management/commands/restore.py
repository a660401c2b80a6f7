"""manage.py restore ARCHIVE: put a backup back, then check it."""

import tarfile

from django.core.management.base import BaseCommand, CommandError

from partnership import backups


class Command(BaseCommand):
    help = (
        "Replace the database and restore the stored files from ARCHIVE (made by "
        "`manage.py backup`), then check row counts and file checksums against it. "
        "Stop the web nodes, workers and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: the current database is replaced."
        )

    def handle(self, *args, archive, yes, **options):
        if not yes and input("The current database will be replaced. Type 'yes': ") != "yes":
            raise CommandError("Nothing restored.")
        try:
            manifest = backups.restore(archive)
        except (backups.BackupError, tarfile.TarError, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored and checked {archive}: {backups.summary(manifest)}")
