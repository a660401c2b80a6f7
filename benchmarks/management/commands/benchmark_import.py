"""Build a population-estimate file of many rows, import it through the same
service the upload uses, and print rows per second and the query count.

The import runs in a transaction that is rolled back at the end, so the
database is left as it was (use a scratch database all the same: the job and
its stored file are real until the rollback)."""

import csv
import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from activities.models import InformationCentre
from monitoring.imports import COLUMNS
from monitoring.models import ImportJob, Method, Species
from monitoring.services import import_job_create, import_job_run
from partnership.models import User
from stakeholders.models import Country


class Rollback(Exception):
    pass


def build_csv(rows: int, country_codes: list[str]) -> bytes:
    """`rows` distinct population estimates (species × place × year × method)."""
    columns = [c.name for c in COLUMNS[ImportJob.Kind.POPULATION]]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    species, methods = Species.values, Method.values
    for index in range(rows):
        writer.writerow(
            {
                "species": species[index % len(species)],
                "country": country_codes[index // len(species) % len(country_codes)],
                "region": f"Benchmark region {index // (len(species) * len(country_codes) * 100)}",
                "year": 1950 + index // (len(species) * len(country_codes)) % 100,
                "estimate": 10 + index % 50,
                "low": 5 + index % 50,
                "high": 20 + index % 50,
                "method": methods[0],
                "source": "benchmark_import",
            }
        )
    return buffer.getvalue().encode()


class Command(BaseCommand):
    help = "Import a generated file of population estimates and print rows/s and queries."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows, **options):
        centre = InformationCentre.objects.select_related("country").first()
        codes = list(Country.objects.values_list("code", flat=True))
        user = (
            User.objects.filter(is_superuser=True).first()
            or User.objects.filter(email="secretariat@demo.example").first()
        )
        if centre is None or not codes or user is None:
            raise CommandError("Run seed_demo first (centres, countries, a secretariat account).")
        content = build_csv(rows, codes)
        self.stdout.write(f"file: {rows} rows, {len(content) // 1024} KB")
        result = {}
        try:
            with transaction.atomic():
                upload = SimpleUploadedFile("benchmark.csv", content, content_type="text/csv")
                job = import_job_create(
                    user=user,
                    centre=centre,
                    kind=ImportJob.Kind.POPULATION,
                    file_format=ImportJob.Format.CSV,
                    upload=upload,
                    confirmed=True,  # measured: the import itself, not its preview
                )
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    job = import_job_run(job_id=job.pk)
                    elapsed = time.perf_counter() - started
                result = {
                    "status": job.status,
                    "imported": job.imported,
                    "refused": len(job.refused_rows),
                    "seconds": elapsed,
                    "queries": len(queries),
                }
                job.file.delete(save=False)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"status: {result['status']}, imported {result['imported']} rows, "
            f"refused {result['refused']}\n"
            f"time: {result['seconds']:.2f} s, {rows / result['seconds']:.0f} rows/s\n"
            f"queries: {result['queries']} ({connection.vendor})"
        )
