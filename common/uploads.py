"""Checks for uploaded files: size and real content, not the file name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def validate_image_upload(upload, *, max_bytes: int | None = None) -> None:
    """Refuse files that are too large or are not a PNG, JPEG, WebP or GIF image."""
    max_bytes = max_bytes or settings.PORTAL_MAX_LOGO_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s KB); the limit is %(limit)s KB.")
            % {"size": upload.size // 1024, "limit": max_bytes // 1024}
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("The file is not an image we can read.")) from None
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Upload a PNG, JPEG, WebP or GIF image (this file is %(format)s).")
            % {"format": image_format}
        )
