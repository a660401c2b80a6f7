"""Every model of the secretariat's admin opens for the secretariat, with the
demo data: its list, the change page of a row, its add page where adding is
offered. A rule written for one object must not shut the admin's list."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def test_django_groups_are_not_offered():
    from django.contrib.auth.models import Group

    assert Group not in admin.site._registry


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_the_secretariat_opens_every_admin_page(demo_data_for_module, secretariat_client, model):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    assert secretariat_client.get(reverse(f"{name}_changelist")).status_code == 200
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        change = secretariat_client.get(reverse(f"{name}_change", args=[row.pk]))
        assert change.status_code == 200
    model_admin = admin.site._registry[model]
    request = secretariat_client.get(reverse(f"{name}_changelist")).wsgi_request
    if model_admin.has_add_permission(request):
        assert secretariat_client.get(reverse(f"{name}_add")).status_code == 200
