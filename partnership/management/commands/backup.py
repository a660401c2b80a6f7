"""manage.py backup ARCHIVE: the database and every stored file, consistently."""

from django.core.management.base import BaseCommand, CommandError

from partnership import backups


class Command(BaseCommand):
    help = (
        "Write a consistent backup (database snapshot, every stored file, a manifest of "
        "row counts and checksums) to ARCHIVE (.tar.gz). See README, 'Production'."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = backups.backup(archive)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {archive}: {backups.summary(manifest)}")
