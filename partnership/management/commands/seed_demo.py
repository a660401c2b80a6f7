"""Fill an empty database with the partnership's demo data (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from activities import demo as activities_demo
from committee import demo as committee_demo
from documents import demo as documents_demo
from meetings import demo as meetings_demo
from monitoring import demo as monitoring_demo
from news import demo as news_demo
from stakeholders import demo as stakeholders_demo
from workinggroups import demo as workinggroups_demo


class Command(BaseCommand):
    help = (
        "Load the seeds' organisations and, when DEBUG is on, the demo accounts "
        "(password from DEMO_PASSWORD). Safe to run again: it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Skip the demo accounts even with DEBUG on."
        )

    def handle(self, *args, **options):
        with_accounts = settings.DEBUG and not options["no_accounts"]
        # Each app seeds its own part, in dependency order.
        for demo in (
            stakeholders_demo,
            committee_demo,
            workinggroups_demo,
            documents_demo,
            meetings_demo,
            activities_demo,
            monitoring_demo,
            news_demo,
        ):
            demo.seed(password=settings.DEMO_PASSWORD, with_accounts=with_accounts)
        # the committee's written procedure on the work plan submitted above
        committee_demo.seed_procedure(password=settings.DEMO_PASSWORD, with_accounts=with_accounts)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        if with_accounts:
            self.stdout.write(f"Demo accounts (password: {settings.DEMO_PASSWORD}):")
            for account in stakeholders_demo.DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.email:34} {account.description}")
        else:
            self.stdout.write("DEBUG is off: no demo accounts were created.")
