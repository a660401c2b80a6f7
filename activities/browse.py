"""Browsing activities: the list with filters and totals, the map and its
data, CSV and XLSX exports. (Built in the activities issue; stubs until then.)"""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


activity_list = activity_map = map_data = export_csv = export_xlsx = _not_yet
