"""Run the portal on one machine: a Celery worker with its beat scheduler in
the background, and the web server in the foreground.

With no REDIS_URL the worker uses the file-system broker under var/, so
reminders, digests and emails still go out on a machine with no servers.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from stakeholders.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = (
        "Start a Celery worker (with beat) and the web server; print the address and demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start Celery.")

    def handle(self, *args, addrport, no_worker, **options):
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "partnership",
                    "worker",
                    "--beat",
                    "--loglevel=INFO",
                    "--concurrency=1",
                ],
                env=os.environ.copy(),
            )
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(self.style.SUCCESS(f"\nThe portal is at http://{host}/"))
        if settings.DEBUG:
            self.stdout.write(f"Demo accounts, password “{settings.DEMO_PASSWORD}”:")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.email:34} {account.description}")
        self.stdout.write("Press Ctrl-C to stop.\n")
        # Stopped with SIGTERM (not only Ctrl-C), still stop the worker below.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            call_command("runserver", host, use_reloader=False)
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)
