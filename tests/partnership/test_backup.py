"""manage.py backup / restore: back up, wipe, restore, and find the same rows
and the same document bytes (on SQLite here; on PostgreSQL with DATABASE_URL,
through pg_dump/pg_restore)."""

import hashlib
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from common.storage import private_storage, walk
from documents.models import Document, DocumentVersion
from partnership.backups import table_counts
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory
from tests.factories.documents import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"


def _sha(version):
    with version.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_backup_wipe_restore_gives_back_the_same_rows_and_files(tmp_path, capsys):
    OrganisationFactory.create_batch(3)
    document = DocumentFactory(access="public")
    version = document.versions.get()
    checksum = _sha(version)
    counts = table_counts()
    archive = tmp_path / "backups" / "portal.tar.gz"

    call_command("backup", str(archive))
    assert "Backed up to" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"]["documents_documentversion"] == 1
    assert manifest["files"] == {f"private/{version.file.name}": checksum}

    # Wipe: rows and files gone.
    DocumentVersion.objects.all().delete()
    Document.objects.all().delete()
    Organisation.objects.all().delete()
    for name in walk(private_storage):
        private_storage.delete(name)
    assert not walk(private_storage)

    call_command("restore", str(archive), "--yes")
    assert "Restored and checked" in capsys.readouterr().out
    assert table_counts() == counts
    restored = DocumentVersion.objects.get()
    assert restored.file.name == version.file.name
    assert _sha(restored) == checksum
    assert Organisation.objects.count() == counts["stakeholders_organisation"]


def test_a_restore_refuses_a_broken_archive(tmp_path):
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(CommandError):
        call_command("restore", str(broken), "--yes")
