"""Every mail the portal sends is built in one place, notifications/mail.py:
no other module of the portal imports Django's mail classes or functions
(allauth's account mails go through partnership/adapters.py)."""

import ast
from pathlib import Path

from django.conf import settings

MAIL_NAMES = {
    "EmailMessage",
    "EmailMultiAlternatives",
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
}
BUILDER = Path("notifications/mail.py")
SKIPPED = {".venv", "tests", "migrations", "node_modules", "var", "staticfiles"}


def _sources():
    base = Path(settings.BASE_DIR)
    for path in base.rglob("*.py"):
        relative = path.relative_to(base)
        if SKIPPED.isdisjoint(relative.parts) and not relative.parts[0].startswith("."):
            yield relative, path


def test_only_the_mail_builder_builds_mail():
    offenders = []
    for relative, path in _sources():
        if relative == BUILDER:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(relative))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "django.core.mail"
            ):
                names = {alias.name for alias in node.names}
                if names & MAIL_NAMES or node.module != "django.core.mail":
                    offenders.append(f"{relative}:{node.lineno}")
            elif isinstance(node, ast.Attribute) and node.attr in MAIL_NAMES:
                offenders.append(f"{relative}:{node.lineno}")
    assert not offenders, f"mail built outside notifications/mail.py: {offenders}"
