"""Authorisation rules for API tokens beyond one's own (those are managed on
the profile page, by their owner only): the secretariat sees every token's
metadata in the admin, never its secret, and may revoke any of them (a leaked
token, a person who left)."""

from common.authz import rule


@rule("api.view_apitoken", "see every user's API tokens (name, dates; never the secret)")
def can_view_tokens(user, obj, roles):
    return roles.is_secretariat


@rule("api.revoke_apitoken", "revoke any user's API token")
def can_revoke_tokens(user, obj, roles):
    return roles.is_secretariat
