"""`common` is the library below every app: it imports neither `partnership`
nor a domain app (nor the benchmarks), and no production app imports the
benchmarks. Read from the source with `ast`, so a lazy import inside a
function counts too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "partnership",
    "stakeholders",
    "workinggroups",
    "committee",
    "meetings",
    "documents",
    "activities",
    "news",
    "search",
    "monitoring",
    "notifications",
    "api",
]


def imported_packages(package: str) -> dict[str, set[str]]:
    """{top-level package imported: {files of `package` importing it}}."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_common_imports_no_app():
    imports = imported_packages("common")
    above = {name: sorted(imports[name]) for name in [*APPS, "benchmarks"] if name in imports}
    assert not above, f"common must not import these packages: {above}"


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_benchmarks(app):
    imports = imported_packages(app)
    assert "benchmarks" not in imports, sorted(imports.get("benchmarks", ()))


def test_the_role_value_common_names_is_the_secretariat_role():
    """`common.authz` names the secretariat role by value, not by import."""
    from common import authz
    from stakeholders.models import Role

    assert authz.SECRETARIAT_ROLE == Role.SECRETARIAT


def test_the_models_common_names_exist():
    from django.apps import apps

    from common import authz, translations

    for label in [
        authz.ROLE_ASSIGNMENT_MODEL,
        authz.PERSON_MODEL,
        authz.ORGANISATION_MODEL,
        translations.FIELD_TRANSLATION_MODEL,
    ]:
        assert apps.get_model(label) is not None
