"""No public page ships more than 100 KB of JavaScript.

Counted as sent in production: WhiteNoise serves the compressed (gzip) copy
of every static file, so each page's scripts are measured gzipped, inline
scripts included. The raw sizes are printed for the record."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

BUDGET = 100 * 1024
SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"]+)"', re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.I | re.S)

PAGES = [
    "/",
    "/members/",
    "/working-groups/",
    "/activities/",
    "/activities/map/",
    "/events/",
    "/documents/",
    "/committee/",
    "/news/",
    "/data/",
    "/search/?q=tiger",
    "/accounts/login/",
    "/ru/activities/map/",
]


def _script_bytes(html):
    files = []
    for src in SCRIPT_SRC.findall(html):
        assert src.startswith("/static/"), f"remote script: {src}"
        path = finders.find(src.removeprefix("/static/").split("?")[0])
        assert path, f"script not found: {src}"
        with open(path, "rb") as handle:
            files.append(handle.read())
    files += [body.encode() for body in INLINE_SCRIPT.findall(html)]
    return files


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_public_page_javascript_fits_the_budget(client, path):
    response = client.get(path)
    assert response.status_code == 200
    scripts = _script_bytes(response.content.decode())
    raw = sum(len(s) for s in scripts)
    sent = sum(len(gzip.compress(s, 9)) for s in scripts)
    print(f"{path}: {len(scripts)} scripts, {raw} bytes raw, {sent} bytes gzipped")
    assert sent <= BUDGET, f"{path} ships {sent} bytes of JavaScript (gzipped)"
