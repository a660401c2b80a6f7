"""Helpers shared by form views."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names
    one the form has, otherwise as a form-wide error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def paginate(request, queryset, per_page: int):
    """The requested page of `queryset`, and the query string without `page`
    (for links that keep the filters): what `_pagination.html` expects."""
    from django.core.paginator import Paginator

    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(queryset, per_page).get_page(request.GET.get("page")), query.urlencode()
