"""The names `common` asks the app registry for, instead of importing the
apps above it, exist (that `common` imports no app, and no app imports the
benchmarks, is tests/test_architecture.py's)."""


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
