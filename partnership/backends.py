"""How people sign in: allauth's backend, without Django's model permissions.

allauth's backend is Django's `ModelBackend`, which also answers permissions
from Django's groups and per-user permissions: two queries per signed-in page
(`auth_permission` joined to the user's and to the groups' permissions) for
tables the portal never fills. The portal's permissions come from scoped roles
and per-object grants (`common.authz`); Django's groups are not used and the
admin does not offer them or per-user permissions (partnership/admin.py).
Superusers keep every permission: `User.has_perm` answers them before asking
any backend.
"""

from allauth.account.auth_backends import AuthenticationBackend


class SignInBackend(AuthenticationBackend):
    """Authenticates (email and password, through allauth); grants nothing."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
