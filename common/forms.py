"""Helpers shared by form views."""

import django_filters
from django.core.exceptions import ValidationError

from .names import LocalisedModelChoiceField


class LocalisedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter on a named thing (a LocalisedName model): its options are in
    the reader's order (`common.names.by_local_name`)."""

    field_class = LocalisedModelChoiceField


def add_service_errors(form, error: ValidationError, *, skip_repeats: bool = False) -> None:
    """Show a service's ValidationError on the form: per field where it names
    one the form has, otherwise as a form-wide error. `skip_repeats`: a
    message the form already shows at that place is not added twice."""
    if hasattr(error, "error_dict"):
        messages = error.message_dict.items()
    else:
        messages = [(None, error.messages)]
    for field, errors in messages:
        name = field if field in form.fields else None
        if skip_repeats:
            shown = set(form.errors.get(name or "__all__", []))
            errors = [message for message in errors if message not in shown]
            if not errors:
                continue
        form.add_error(name, errors)


def add_model_errors(form, instance, *, depends=None) -> None:
    """Ask an unsaved model instance built from the form's cleaned data for its
    own rules (`clean()`, where each rule lives once) and show its errors on
    the form's fields.

    A field that failed its own validation has said why: its value is
    missing from the instance, so what the model says about it is dropped,
    and so is what it says about a field whose rule reads it (`depends`:
    field → the fields its rule reads)."""
    try:
        instance.clean()
    except ValidationError as error:
        failed = set(form.errors)
        depends = depends or {}
        messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, errors in messages.items():
            name = field if field in form.fields else None
            if name in failed or failed & set(depends.get(name, ())):
                continue
            form.add_error(name, errors)


def paginate(request, queryset, per_page: int):
    """The requested page of `queryset`, and the query string without `page`
    (for links that keep the filters): what `_pagination.html` expects."""
    from django.core.paginator import Paginator

    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(queryset, per_page).get_page(request.GET.get("page")), query.urlencode()


def plain_decimal(value):
    """A stored decimal as a person types it: Decimal("120.00") → 120,
    Decimal("12.50") → 12.5 (for a form's initial values)."""
    from decimal import Decimal

    if not isinstance(value, Decimal):
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# --- Formsets whose rows are added and removed in place, without JavaScript -------


ADD_ROW = "add_row"
REMOVE_ROW = "remove_row"


def formset_row_change(data, prefix: str):
    """For a POST that asked to add a row (a submit button named `add_row`)
    or to remove one (`remove_row` with the row's number): the formset's
    data with that row added or removed, rows renumbered; None for any other
    POST. The view then shows the formset again, nothing saved: the rows are
    only saved by the form's own submit button."""
    if ADD_ROW not in data and REMOVE_ROW not in data:
        return None
    total_key, initial_key = f"{prefix}-TOTAL_FORMS", f"{prefix}-INITIAL_FORMS"
    try:
        total = int(data.get(total_key, 0))
        initial = int(data.get(initial_key, 0))
    except ValueError:
        return None
    changed = data.copy()
    if ADD_ROW in data:
        changed[total_key] = str(total + 1)
        return changed
    try:
        removed = int(data.get(REMOVE_ROW))
    except (TypeError, ValueError):
        return None
    if not 0 <= removed < total:
        return None
    row_prefix = f"{prefix}-"
    for key in list(changed):
        rest = key[len(row_prefix) :] if key.startswith(row_prefix) else ""
        if rest.split("-", 1)[0].isdigit():
            del changed[key]
    target = 0
    for index in range(total):
        if index == removed:
            continue
        source = f"{prefix}-{index}-"
        for key, values in data.lists():
            if key.startswith(source):
                changed.setlist(f"{prefix}-{target}-{key[len(source) :]}", values)
        target += 1
    changed[total_key] = str(target)
    changed[initial_key] = str(initial - 1 if removed < initial else initial)
    return changed
