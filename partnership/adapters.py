"""allauth's account mails (address confirmation, password reset) as the
portal's own: the portal's subject prefix (settings) and, like every mail the
portal sends, `Auto-Submitted: auto-generated` (RFC 3834) so that no
auto-responder answers them."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(self, template_prefix, email, context, headers=None):
        headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
        return super().render_mail(template_prefix, email, context, headers=headers)
