"""One activity's pages and its lifecycle; information centres. (Stubs.)"""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


propose = activity_detail = activity_edit = activity_step = _not_yet
report = report_submit = report_photo = protected_area = centre_list = centre = _not_yet
