"""Page-numbered lists: `?page=2&page_size=50` (at most 100 a page).

`page_size` is a whole number from 1: anything else is a 400 (not silently
the default size), and more than 100 is cut to 100. `page` is a whole number
from 1: past the end, or not a number, is a 404 (DRF's answer)."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # `page` is a number, as the schema says

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not WHOLE_NUMBER.fullmatch(value):  # "", "last", "1.5", " 1"
            raise NotFound(self.invalid_page_message.format(page_number=value, message=""))
        return value

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(value) or int(value) < 1:
            raise ValidationError(
                {self.page_size_query_param: [_("Give a whole number from 1 to 100.")]}
            )
        return min(int(value), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = _(
                    "Results per page: 1 to 100 (more is cut to 100; the default is %(size)s)."
                ) % {"size": self.page_size}
        return parameters
