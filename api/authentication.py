"""`Authorization: Token <secret>` with a personal API token.

A token acts exactly as its user: the same roles, grants and rules as on the
site. Disabled accounts, revoked and expired tokens are refused (401).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import selectors, services

KEYWORD = "Token"


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # not ours: session authentication may answer
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Token ”, without spaces.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = selectors.token_by_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, revoked or expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account is disabled."))
        services.token_record_use(token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to requests without credentials.
        return KEYWORD


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token header in the OpenAPI schema."""

    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "A personal API token from your profile page (API tokens), "
                    "sent as `Authorization: Token <secret>`."
                )
            ),
        }
