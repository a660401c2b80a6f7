"""File storage through Django's storage API, on one machine or many.

Two storages hold every uploaded file:

- `default` (settings.STORAGES["default"]): logos, activity photos, news
  images; shown on pages.
- `private` (settings.STORAGES["private"]): documents and their versions,
  monitoring import files; no address at all, served only by views that check
  access on every request (documents.views.download), read by the Celery
  worker through the same storage (monitoring.services).

`make run` keeps both in local folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT).
Production with more than one web node uses S3-compatible object storage
(django-storages with boto3), private objects only: the private storage gives
no URL, the default one only short-lived presigned URLs (see
partnership/settings/base.py, "Files").

Both translate an outage of the storage (a refused connection, a timeout, a
5xx) into `StorageUnavailable`, which common.middleware turns into a 503
"temporarily unavailable" page; the request's transaction is rolled back, so
an upload leaves no row without its file.
"""

import logging

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)


class StorageUnavailable(Exception):
    """The file storage cannot be reached just now; try again later."""


def _outage_errors():
    errors = [TimeoutError, ConnectionError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is in requirements.txt
        return tuple(errors)
    return (*errors, BotoCoreError, ClientError)


OUTAGE_ERRORS = _outage_errors()


def guard(call, *args, **kwargs):
    """Call a storage operation; an outage becomes StorageUnavailable."""
    try:
        return call(*args, **kwargs)
    except FileNotFoundError:
        raise
    except OUTAGE_ERRORS as error:
        logger.error("File storage unavailable: %s", error.__class__.__name__)
        raise StorageUnavailable(str(error)) from error


class TranslateOutagesMixin:
    """Storage calls that fail because the store is down raise StorageUnavailable.

    A missing file stays FileNotFoundError (a 404, not an outage)."""

    def _guard(self, call, *args, **kwargs):
        return guard(call, *args, **kwargs)

    def _open(self, name, mode="rb"):
        return self._guard(super()._open, name, mode)

    def _save(self, name, content):
        return self._guard(super()._save, name, content)

    def delete(self, name):
        return self._guard(super().delete, name)

    def exists(self, name):
        return self._guard(super().exists, name)

    def size(self, name):
        return self._guard(super().size, name)

    def listdir(self, path):
        return self._guard(super().listdir, path)


class PrivateFileSystemStorage(TranslateOutagesMixin, FileSystemStorage):
    """A file system storage whose files have no address at all.

    A plain FileSystemStorage with `base_url=None` falls back to MEDIA_URL, so
    `file.url` would still print a (guessable) public address; here it raises.
    Without a location it uses settings.PRIVATE_MEDIA_ROOT.
    """

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)

    def url(self, name):
        raise ValueError("Private documents have no public address; use the download view.")


class PublicFileSystemStorage(TranslateOutagesMixin, FileSystemStorage):
    """The default storage of `make run`: MEDIA_ROOT, served at MEDIA_URL."""


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - django-storages is in requirements.txt
    S3Storage = None

if S3Storage is not None:

    class MediaS3Storage(TranslateOutagesMixin, S3Storage):
        """Logos, photos, news images in the bucket under `media/`: private
        objects too, addressed at the portal's MEDIA_URL and streamed by its
        media view (partnership.views.media), never by a bucket URL.
        """

        def url(self, name, parameters=None, expire=None, http_method=None):
            return settings.MEDIA_URL + filepath_to_uri(name)

        def get_default_settings(self):
            return super().get_default_settings() | {
                "location": "media",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            }

    class PrivateS3Storage(TranslateOutagesMixin, S3Storage):
        """Documents and import files in the bucket under `private/`: no URL at
        all; the checking views stream them."""

        def get_default_settings(self):
            return super().get_default_settings() | {
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            }

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError("Private documents have no public address; use the download view.")


class PrivateStorage(LazyObject):
    def _setup(self):
        config = settings.STORAGES.get("private")
        if config is None:
            self._wrapped = PrivateFileSystemStorage()
        else:
            self._wrapped = storages.create_storage(config)


private_storage = PrivateStorage()


def get_private_storage():
    """The storage of document files, given to the field as a callable so the
    migrations do not record this machine's PRIVATE_MEDIA_ROOT."""
    return private_storage


def all_storages():
    """Every storage holding uploaded files, by name (backups walk these)."""
    from django.core.files.storage import default_storage

    return {"default": default_storage, "private": private_storage}


def walk(storage, path=""):
    """Every file name in a storage, below `path`, sorted."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a local folder not made yet: no files
        return []
    names = [f"{path}/{name}" if path else name for name in files]
    for directory in directories:
        names.extend(walk(storage, f"{path}/{directory}" if path else directory))
    return sorted(names)


def open_for_download(field_file):
    """Open a stored file and read its first bytes, so that a storage outage
    surfaces here (a 503) and not halfway through the streamed response."""
    handle = guard(field_file.storage.open, field_file.name, "rb")
    try:
        guard(handle.read, 1)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle


def probe(storage):
    """Readiness: the storage answers (an exists() round trip)."""
    storage.exists("readyz-probe")


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    """Tests move PRIVATE_MEDIA_ROOT or STORAGES with override_settings: follow them."""
    if setting in {"PRIVATE_MEDIA_ROOT", "STORAGES"}:
        private_storage._wrapped = empty
