"""Every <time datetime> in the templates goes through |datetime_attr (HTML
allows at most three digits of a second; `|date:'c'` writes six)."""

import re
from pathlib import Path

from django.conf import settings

RAW = re.compile(r"""datetime="\{\{[^}]*\|date:['"]c['"]""")


def test_no_template_writes_a_datetime_attribute_with_date_c():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if RAW.search(line)
    ]
    assert not offenders, "use |datetime_attr (common/templatetags/machine_time.py): " + ", ".join(
        offenders
    )
