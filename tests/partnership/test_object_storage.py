"""Files through S3-compatible object storage (django-storages, boto3), as on
several web nodes: private objects only, documents streamed by the checking
view, media by the portal's /media/ view, an outage a 503 with nothing
half-stored. moto stands in for the S3 API in process."""

import boto3
import pytest
from botocore.config import Config
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws

from common.storage import StorageUnavailable, private_storage
from documents.models import Document, DocumentVersion
from tests.factories.documents import DocumentFactory, pdf_bytes, upload
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db

BUCKET = "portal-files"
S3_STORAGES = {
    "default": {"BACKEND": "common.storage.MediaS3Storage"},
    "private": {"BACKEND": "common.storage.PrivateS3Storage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _use_s3(settings, endpoint=None, **client):
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_CLIENT_CONFIG = Config(**client) if client else None
    settings.STORAGES = S3_STORAGES


@pytest.fixture
def s3(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        _use_s3(settings)
        yield client


@pytest.fixture
def group(db):
    return WorkingGroupFactory(slug="joint-survey")


@pytest.fixture
def member(group):
    return add_member(group, GroupRole.MEMBER).user


def _keys(s3):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_document_goes_to_the_bucket_as_a_private_object_and_back_through_the_check(
    client, s3, member, group
):
    client.force_login(member)
    data = pdf_bytes()
    response = client.post(
        reverse("documents:create"),
        {
            "title": "Joint survey protocol",
            "description": "",
            "language": "en",
            "access": "group",
            "group": group.pk,
            "file": upload("protocol.pdf", data),
        },
    )
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    key = f"private/{version.file.name}"
    assert _keys(s3) == [key]
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    with pytest.raises(ValueError, match="no public address"):
        version.file.url  # noqa: B018

    url = reverse("documents:download", args=[version.document_id, 1])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    client.logout()
    assert client.get(url).status_code == 404  # the same check as on one machine


def test_media_are_private_objects_streamed_by_the_portal(client, s3):
    name = default_storage.save("logos/tiger.png", ContentFile(b"\x89PNG fake"))
    assert _keys(s3) == [f"media/{name}"]
    assert default_storage.url(name) == f"/media/{name}"  # never a bucket address
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG fake"
    assert client.get("/media/logos/none.png").status_code == 404
    assert client.get("/media/../private/x").status_code == 404


def test_a_large_import_reads_its_file_through_the_storage(s3):
    """The worker (another machine) opens the import file by name from the
    bucket, never from a local path."""
    name = private_storage.save("imports/2026/estimates.csv", ContentFile(b"a,b\n1,2\n"))
    assert f"private/{name}" in _keys(s3)
    with pytest.raises(NotImplementedError):
        private_storage.path(name)  # there is no local path to hand over
    with private_storage.open(name, "rb") as handle:
        assert handle.read() == b"a,b\n1,2\n"


# --- The store is down ---------------------------------------------------------
@pytest.fixture
def s3_down(settings):
    """An S3 endpoint on a port where nothing listens (the store is down)."""
    _use_s3(
        settings,
        endpoint="http://127.0.0.1:18699",
        connect_timeout=0.5,
        read_timeout=0.5,
        retries={"max_attempts": 1},
    )


def test_an_upload_while_the_store_is_down_is_a_clear_503_and_stores_nothing(
    client, s3_down, member, group
):
    client.force_login(member)
    response = client.post(
        reverse("documents:create"),
        {
            "title": "Joint survey protocol",
            "description": "",
            "language": "en",
            "access": "group",
            "group": group.pk,
            "file": upload("protocol.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "temporarily unavailable" in page
    assert "Nothing was saved" in page
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_a_download_while_the_store_is_down_is_a_503_temporarily_unavailable(
    client, settings, tmp_path, member
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    document = DocumentFactory(access="public")
    _use_s3(
        settings,
        endpoint="http://127.0.0.1:18699",
        connect_timeout=0.5,
        read_timeout=0.5,
        retries={"max_attempts": 1},
    )
    response = client.get(reverse("documents:download", args=[document.pk, 1]))
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert client.get("/media/logos/tiger.png").status_code == 503
    with pytest.raises(StorageUnavailable):
        private_storage.exists("anything")
