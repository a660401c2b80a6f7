"""Imports as people save them: CSV files in UTF-8 (with or without BOM),
GB18030/GBK and Windows-1251 are read (detected, or chosen on the form) and
their text stored exactly; every import shows a preview of its first rows
with their checks and writes nothing until the uploader confirms, once."""

import codecs
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import ImportJob, PatrolSummary, PopulationEstimate

from .test_imports import confirmation_token, upload

pytestmark = pytest.mark.django_db

HEADER = ["species", "country", "region", "year", "estimate", "method", "source", "notes"]
CHINESE = [
    "amur_leopard",
    "CN",
    "东北虎豹国家公园",
    "2025",
    "60",
    "camera_trapping",
    "新华社（2025）",
    "珲春 汪清",
]
RUSSIAN = [
    "amur_leopard",
    "RU",
    "Приморский край",
    "2025",
    "120",
    "camera_trapping",
    "«Земля леопарда»",
    "Национальный парк «Земля леопарда», отчёт",
]


def csv_text(*rows, delimiter=",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


FILES = {
    "utf-8": csv_text(CHINESE, RUSSIAN).encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + csv_text(CHINESE, RUSSIAN).encode("utf-8"),
    "gbk": csv_text(CHINESE).encode("gbk"),
    "gb18030": csv_text(CHINESE).encode("gb18030"),
    # Excel in a Russian locale separates cells with semicolons
    "windows-1251": csv_text(RUSSIAN, delimiter=";").encode("cp1251"),
}
EXPECTED = {
    "utf-8": ("utf-8", 2),
    "utf-8-bom": ("utf-8", 2),
    "gbk": ("gb18030", 1),
    "gb18030": ("gb18030", 1),
    "windows-1251": ("windows-1251", 1),
}


@pytest.fixture
def secretary_client(client, secretary, hunchun, leopard_park):
    client.force_login(secretary)
    return client


def latest_job() -> ImportJob:
    return ImportJob.objects.latest("pk")


def stored_texts() -> set[tuple[str, str, str]]:
    return set(PopulationEstimate.objects.values_list("region", "source", "notes"))


@pytest.mark.parametrize("saved_as", list(FILES))
@pytest.mark.parametrize("chosen", ["auto", "exact"])
def test_each_encoding_is_read_and_its_text_stored_exactly(
    secretary_client, cn_centre, saved_as, chosen
):
    encoding, rows = EXPECTED[saved_as]
    content = FILES[saved_as]
    response = upload(
        secretary_client,
        cn_centre,
        content,
        encoding="auto" if chosen == "auto" else encoding,
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    job = latest_job()
    assert job.status == ImportJob.Status.DONE, job.report
    assert (job.encoding, job.encoding_detected) == (encoding, chosen == "auto")
    assert job.imported == rows
    texts = stored_texts()
    if saved_as != "windows-1251":
        assert ("东北虎豹国家公园", "新华社（2025）", "珲春 汪清") in texts
    if saved_as.startswith("utf-8") or saved_as == "windows-1251":
        assert (
            "Приморский край",
            "«Земля леопарда»",
            "Национальный парк «Земля леопарда», отчёт",
        ) in texts


def test_the_preview_shows_the_first_rows_with_their_checks_and_writes_nothing(
    secretary_client, cn_centre
):
    good = ["amur_tiger", "CN", "Region {n}", "2015", "5", "camera_trapping", "s", ""]
    lines = [[cell.format(n=n) for cell in good] for n in range(25)]
    lines[2][0] = "lion"  # row 5 of the file
    content = csv_text(CHINESE, *lines).encode("gb18030")
    before = (PopulationEstimate.objects.count(), PatrolSummary.objects.count())
    response = upload(secretary_client, cn_centre, content, confirm=False)
    assert response.status_code == 302
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert (PopulationEstimate.objects.count(), PatrolSummary.objects.count()) == before
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert "The first 20 rows and their checks" in page
    assert "26 rows in the file" in page and "1 with errors" in page
    assert '<th scope="col">region</th>' in page
    assert '<th scope="row" class="number">2</th>' in page
    assert "东北虎豹国家公园" in page
    assert "Unknown species: lion" in page
    assert "Region 18" in page and "Region 19" not in page  # row 21 is the 20th shown
    assert "Read as" in page and "GB18030" in page and "(detected)" in page
    assert 'name="token"' not in page  # a refused file cannot be confirmed

    # A good file: previewed, nothing written until confirmed.
    content = csv_text(*([cell.format(n=n) for cell in good] for n in range(25))).encode()
    upload(secretary_client, cn_centre, content, confirm=False)
    job = latest_job()
    assert job.status == ImportJob.Status.PREVIEW
    assert job.confirmed_at is None
    assert PopulationEstimate.objects.count() == before[0]
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert "Every row passed its checks. Nothing has been imported yet." in page
    assert page.count(">OK<") == 20
    assert "Import 25 rows" in page


def test_confirm_imports_once_and_a_second_confirm_is_refused(secretary_client, cn_centre):
    content = csv_text(CHINESE, RUSSIAN).encode()
    upload(secretary_client, cn_centre, content, confirm=False)
    job = latest_job()
    token = confirmation_token(secretary_client.get(job.get_absolute_url()).content.decode())
    url = reverse("monitoring:import_job_confirm", args=[job.pk])
    first = secretary_client.post(url, {"token": token})
    assert first.status_code == 302 and first["Location"] == job.get_absolute_url()
    assert PopulationEstimate.objects.count() == 2
    second = secretary_client.post(url, {"token": token})
    assert second.status_code == 409
    assert "already been confirmed" in second.content.decode()
    assert PopulationEstimate.objects.count() == 2
    job.refresh_from_db()
    assert (job.status, job.imported) == (ImportJob.Status.DONE, 2)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "",
        lambda token: "garbage",
        # a validly signed token for another job (signed here with the same key)
        lambda token: signing.dumps(
            {**signing.loads(token, salt=services.CONFIRM_SALT), "j": 999_999},
            salt=services.CONFIRM_SALT,
            compress=False,
        ),
    ],
)
def test_a_tampered_confirmation_is_refused_with_a_4xx(secretary_client, cn_centre, tamper):
    upload(secretary_client, cn_centre, csv_text(CHINESE).encode(), confirm=False)
    job = latest_job()
    token = confirmation_token(secretary_client.get(job.get_absolute_url()).content.decode())
    response = secretary_client.post(
        reverse("monitoring:import_job_confirm", args=[job.pk]), {"token": tamper(token)}
    )
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "not for this import" in (
        response.content.decode()
    )
    assert PopulationEstimate.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEW


def test_a_token_for_one_file_does_not_confirm_another(secretary_client, cn_centre):
    upload(secretary_client, cn_centre, csv_text(CHINESE).encode(), confirm=False)
    first = latest_job()
    token = confirmation_token(secretary_client.get(first.get_absolute_url()).content.decode())
    upload(secretary_client, cn_centre, csv_text(RUSSIAN).encode(), confirm=False)
    second = latest_job()
    response = secretary_client.post(
        reverse("monitoring:import_job_confirm", args=[second.pk]), {"token": token}
    )
    assert response.status_code == 400
    assert PopulationEstimate.objects.count() == 0


def test_a_stale_preview_cannot_be_confirmed_and_is_cleared(secretary_client, cn_centre, settings):
    settings.MONITORING_IMPORT_PREVIEW_SECONDS = 60
    upload(secretary_client, cn_centre, csv_text(CHINESE).encode(), confirm=False)
    job = latest_job()
    token = confirmation_token(secretary_client.get(job.get_absolute_url()).content.decode())
    ImportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = secretary_client.post(
        reverse("monitoring:import_job_confirm", args=[job.pk]), {"token": token}
    )
    assert response.status_code == 410
    assert "This preview has expired" in response.content.decode()
    assert PopulationEstimate.objects.count() == 0
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert services.import_previews_expire() == 1
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    assert not storage.exists(name)
    assert services.import_previews_expire() == 0


def test_only_the_uploader_may_confirm(client, secretary, cn_staff, cn_centre, hunchun):
    client.force_login(cn_staff)
    upload(client, cn_centre, csv_text(CHINESE).encode(), confirm=False)
    job = latest_job()
    token = confirmation_token(client.get(job.get_absolute_url()).content.decode())
    client.force_login(secretary)  # sees the job, did not upload it
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'name="token"' not in page
    confirm_url = reverse("monitoring:import_job_confirm", args=[job.pk])
    response = client.post(confirm_url, {"token": token})
    assert response.status_code == 400
    assert PopulationEstimate.objects.count() == 0
    assert client.get(confirm_url).status_code == 405


def test_a_chosen_encoding_that_does_not_fit_is_a_form_error(secretary_client, cn_centre):
    first = ["amur_leopard", "RU", "Khasan", "2025", "1", "camera_trapping", "s", ""]
    content = csv_text(first, RUSSIAN).encode("cp1251")
    response = upload(secretary_client, cn_centre, content, encoding="utf-8")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 3 of the file is not UTF-8" in body
    assert not ImportJob.objects.exists()
    response = upload(secretary_client, cn_centre, content, encoding="gb18030")
    assert response.status_code == 400
    assert "Line 3 of the file is not GB18030 text" in response.content.decode()
    response = upload(secretary_client, cn_centre, content, encoding="klingon")
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_a_chosen_encoding_that_garbles_the_text_is_flagged_in_the_preview(
    secretary_client, cn_centre
):
    upload(
        secretary_client,
        cn_centre,
        csv_text(CHINESE).encode("gbk"),
        encoding="windows-1251",
        confirm=False,
    )
    job = latest_job()
    assert (job.status, job.encoding) == (ImportJob.Status.PREVIEW, "windows-1251")
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert "(chosen)" in page
    assert "The text looks like GB18030." in page
    assert PopulationEstimate.objects.count() == 0


def test_the_form_offers_the_encodings(secretary_client, cn_centre):
    page = secretary_client.get(reverse("monitoring:import")).content.decode()
    assert '<option value="auto" selected>Detect automatically</option>' in page
    for value in ("utf-8", "gb18030", "windows-1251"):
        assert f'<option value="{value}">' in page


def test_a_semicolon_file_from_a_russian_excel_reads_decimal_commas(secretary_client, ru_centre):
    """Excel in a Russian locale separates cells with semicolons and writes
    1 450,5 for 1450.5: so it is read, not as 14505."""
    client = secretary_client
    rows = [
        ["protected_area", "period_end", "patrol_days", "km_patrolled", "source", "notes"],
        ["land-of-the-leopard-national-park", "2025-03-31", "1 200", "1 450,5", "Отчёт", "Зима"],
    ]
    content = "".join(";".join(row) + "\r\n" for row in rows).encode("cp1251")
    response = upload(client, ru_centre, content, kind="patrol")
    assert response.status_code == 302
    summary = PatrolSummary.objects.get()
    assert (summary.patrol_days, summary.km_patrolled) == (1200, Decimal("1450.5"))
    assert (summary.source, summary.notes) == ("Отчёт", "Зима")
    assert latest_job().encoding == "windows-1251"
