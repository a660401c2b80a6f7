"""Private file storage: files with no public address, served only by views
that check access (documents, monitoring imports)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage whose files have no address at all.

    A plain FileSystemStorage with `base_url=None` falls back to MEDIA_URL, so
    `file.url` would still print a (guessable) public address; here it raises.
    """

    def url(self, name):
        raise ValueError("Private documents have no public address; use the download view.")


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()


def get_private_storage():
    """The storage of document files, given to the field as a callable so the
    migrations do not record this machine's PRIVATE_MEDIA_ROOT."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    """Tests move PRIVATE_MEDIA_ROOT with override_settings: follow them."""
    if setting == "PRIVATE_MEDIA_ROOT":
        private_storage._wrapped = empty
