"""`makemessages` that writes its catalogues into another locale directory.

Used by `partnership.catalogues.extract_into_copy` (the completeness test and
`manage.py catalogues check`) to see what the source would change in the
catalogues without touching the committed ones.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    help = "makemessages, writing the .pot and .po files into --target instead of locale/."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--target", required=True, help="A locale directory (a copy of locale/)."
        )

    def handle(self, *args, **options):
        self.target = options["target"]
        return super().handle(*args, **options)

    def find_files(self, root):
        files = super().find_files(root)
        # Every string goes to the one target directory, and the .pot files are
        # built and cleaned there only.
        for translatable in files:
            translatable.locale_dir = self.target
        self.locale_paths = [self.target]
        self.default_locale_path = self.target
        return files
