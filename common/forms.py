"""Helpers shared by form views."""

from django.core.exceptions import ValidationError


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
