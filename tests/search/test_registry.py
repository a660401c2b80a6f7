"""The registry: the portal's kinds are registered; another app can add a kind
(without an index) and it is searched with the same rules; news only when its
app is installed."""

import pytest
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from activities.models import InformationCentre
from search import providers as portal_providers
from search.registry import Provider, provider_for, providers, register, unregister
from tests.factories.activities_extra import InformationCentreFactory

from .conftest import found

pytestmark = pytest.mark.django_db


def test_the_portals_kinds_are_registered_in_order():
    keys = [provider.key for provider in providers()]
    expected = ["organisations", "groups", "activities", "documents", "protected-areas"]
    if apps.is_installed("news"):
        expected.insert(0, "news")
    assert keys == expected
    assert provider_for("documents").body_fields == ("description",)
    assert provider_for("nonsense") is None and provider_for(None) is None


@pytest.fixture
def centres_provider():
    register(
        Provider(
            key="centres",
            label=_("Information centres"),
            item_label=_("Information centre"),
            model=InformationCentre,
            visible=lambda user: InformationCentre.objects.all(),
            title_fields=("name",),
            body_fields=("description",),
            order=99,
        )
    )
    yield provider_for("centres")
    unregister("centres")


def test_a_kind_registered_later_is_searched(client, centres_provider):
    InformationCentreFactory(name="Feline information centre", description="Hosts data.")
    assert found(client, "feline") == {"centres": ["Feline information centre"]}
    assert found(client, "hosts", kind="centres") == {"centres": ["Feline information centre"]}


def test_news_is_registered_only_with_its_app(monkeypatch):
    saved = provider_for("news")
    unregister("news")
    try:
        monkeypatch.setattr(portal_providers.apps, "is_installed", lambda name: False)
        portal_providers.register_news_provider()
        assert provider_for("news") is None
        monkeypatch.undo()
        portal_providers.register_news_provider()
        assert (provider_for("news") is not None) == apps.is_installed("news")
    finally:
        if saved is not None:
            register(saved)
