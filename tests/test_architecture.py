"""The import graph of the portal's top-level packages, read from the source.

Every `import` and `from ... import` counts, at any depth (function-local
imports included), relative imports resolved; so does `import_module(...)` or
`__import__(...)` of a literal name, so that hiding an import in a string
does not hide the edge. Tests and migrations are left out.

The layers, lowest first; a package imports only packages below it:

    common          the shared library: authorisation, uploads, forms,
                    page cache, sanitising, translations, vocabulary,
                    the event bus (common.events)
    stakeholders    people, organisations, roles, applications
    committee       the review queue and its registry of review kinds
    workinggroups   groups, memberships, work plans
    documents       the library
    meetings        meetings, invitations, action items
    activities      activities, indicators, reports
    news            articles, pages
    monitoring      population estimates, patrol records
    search          the site search
    api             the REST API
    notifications   in-app notices, mails, digests: listens to the events
                    of the apps below and never is imported by them
    reports         the annual report: reads the apps below
    partnership     settings, URLs, the dashboard, commands
    benchmarks      the benchmark commands and their URLs

A lower app that needs something from a higher one does not import it: it
publishes an event (common.events) the higher app listens to, or offers a
registry the higher app fills in its AppConfig.ready() (committee.registry,
workinggroups.sections).
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    "common",
    "stakeholders",
    "committee",
    "workinggroups",
    "documents",
    "meetings",
    "activities",
    "news",
    "monitoring",
    "search",
    "api",
    "notifications",
    "reports",
    "partnership",
    "benchmarks",
]
SKIPPED_DIRS = {"tests", "migrations", "__pycache__", ".venv", "node_modules"}
DYNAMIC_IMPORTS = {"import_module", "__import__"}


def packages() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in SKIPPED_DIRS and not path.parent.name.startswith(".")
    }


def modules_of(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            continue
        yield path


def imported_names(path: Path) -> list[str]:
    """Every module name `path` imports, relative ones made absolute."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    package = parts[:-1]  # the package a relative import starts from
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                names.append(".".join([*base, *([node.module] if node.module else [])]))
            else:
                names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id in DYNAMIC_IMPORTS)
                or (isinstance(node.func, ast.Attribute) and node.func.attr in DYNAMIC_IMPORTS)
            )
        ):
            names.append(node.args[0].value)
    return names


def import_graph() -> dict[str, dict[str, list[str]]]:
    """{package: {imported package: ["file -> module", ...]}}"""
    known = packages()
    graph: dict[str, dict[str, list[str]]] = {package: defaultdict(list) for package in known}
    for package in known:
        for path in modules_of(package):
            for name in imported_names(path):
                top = name.split(".")[0]
                if top in known and top != package:
                    graph[package][top].append(f"{path.relative_to(ROOT)} -> {name}")
    return graph


def cycles(graph) -> list[list[str]]:
    """The strongly connected components with more than one package
    (Tarjan), each a set of packages that import one another in a circle."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def a_cycle(graph, component) -> list[str]:
    """One shortest circle through the component's first package."""
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node]):
            if target == start:
                return [*paths[node], start]
            if target in component and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return component


def describe(graph, component) -> str:
    circle = a_cycle(graph, component)
    return "\n".join(
        f"  {source} -> {target}: {graph[source][target][0]}"
        for source, target in itertools.pairwise(circle)
    )


def test_every_package_has_a_layer():
    assert sorted(packages() - set(LAYERS)) == [], "add the new package to LAYERS"


def test_no_import_cycle_between_packages():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles between packages:\n" + "\n\n".join(
        "packages in one circle: "
        + ", ".join(component)
        + "\nfor example:\n"
        + describe(graph, component)
        for component in found
    )


def test_every_import_goes_down_the_layers():
    rank = {name: position for position, name in enumerate(LAYERS)}
    graph = import_graph()
    upward = [
        f"{source} -> {target}: {edge}"
        for source, targets in sorted(graph.items())
        for target, edges in sorted(targets.items())
        if rank.get(target, -1) > rank.get(source, len(LAYERS))
        for edge in edges
    ]
    assert upward == []


def test_no_domain_app_imports_notifications():
    graph = import_graph()
    below = LAYERS[: LAYERS.index("notifications")]
    assert {
        app: graph[app]["notifications"] for app in below if graph.get(app, {}).get("notifications")
    } == {}


def test_common_imports_no_app():
    assert dict(import_graph().get("common", {})) == {}


def test_the_graph_reads_local_relative_and_dynamic_imports(tmp_path, monkeypatch):
    """The reader itself: a function-local import, a relative one and an
    import hidden in a string are all edges."""
    for name in ("low", "high"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / "low" / "a.py").write_text(
        "from importlib import import_module\n"
        "def f():\n    from high import x\n"
        "def g():\n    return import_module('high.y')\n"
    )
    (tmp_path / "high" / "b.py").write_text("from ..low import a\nfrom . import c\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    graph = import_graph()
    assert sorted(graph["low"]["high"]) == ["low/a.py -> high", "low/a.py -> high.y"]
    assert cycles(graph) == [["high", "low"]]
