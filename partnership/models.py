"""Partnership-wide models: the portal's user account."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def _time_zone_choices():
    return [(name, label) for name, label in settings.PORTAL_TIME_ZONES]


class User(AbstractUser):
    """A person who signs in with their email address.

    Affiliation (organisation, position) lives on `stakeholders.Person`; what
    the user may do comes from role assignments and object grants.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=_time_zone_choices, default="UTC"
    )
    translation_languages = models.CharField(
        _("languages I translate into"),
        max_length=60,
        blank=True,
        help_text=_("Content languages, comma-separated codes (ru, zh-hans...)."),
    )

    # The first two-factor enrolment of an account that may use the admin
    # needs a fresh sign-in by a one-time link sent by email (partnership/
    # enrolment.py): the nonce of the link sent last, cleared when it is used.
    admin_enrolment_nonce = models.CharField(max_length=64, blank=True, editable=False)
    admin_enrolment_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]

    @property
    def translates_into(self) -> list[str]:
        """The content languages this person translates into (their profile)."""
        return [code for code in self.translation_languages.split(",") if code]

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")
