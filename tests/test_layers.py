"""The layers point one way (README, "Development: layers").

    helpcenter (project: settings, URLs)
      pages    (site pages that assemble several apps: home, sitemap index, error pages)
        contacts, faq, tickets, privacy, notices, insights  (apps; only the edges in APP_EDGES)
          core   (ground floor: phones, roles, shared models, caching; imports no app)

Inside an app, admin modules import services and models, never views; forms import models and
validators, never services. Every module's imports are read with `ast`, including imports inside
functions, so a late import cannot slip past.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = "core"
APPS = ("contacts", "faq", "tickets", "privacy", "notices", "insights")
SITE = ("pages", "helpcenter")
# Imports allowed from one app to another: (importer, imported). Add an edge here, with the
# reason, only where a feature truly spans two apps, and never both directions.
APP_EDGES: set[tuple[str, str]] = {
    # Retention and data-subject requests read, export and erase appeals; tickets asks for the
    # consent version through core.consent and never imports privacy.
    ("privacy", "tickets"),
    # Notices concern appeal topics, tag the appeals filed about them and answer those appeals
    # through tickets.services; tickets announces new appeals with tickets.signals.appeal_filed
    # and its templates include notices' templates, so it never imports notices.
    ("notices", "tickets"),
    # The search log normalises queries with faq.search and points at the articles opened and
    # read; faq never imports insights (the page script reports searches to its beacon).
    ("insights", "faq"),
    # The search log hears tickets.signals.appeal_filed; tickets never imports insights.
    ("insights", "tickets"),
    # Retention also clears visitors' "why not helpful" comments on articles (free text that
    # may name a person); faq never imports privacy.
    ("privacy", "faq"),
}


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            # `from tickets import views` imports the module tickets.views
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def _role(path: Path) -> str:
    """views, admin, forms or services, for a module or a package of that name."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return parts[1] if len(parts) > 1 else ""


def _imports_role(names: set[str], app: str, role: str) -> set[str]:
    return {n for n in names if n == f"{app}.{role}" or n.startswith(f"{app}.{role}.")}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_core_imports_no_app_and_no_site_layer():
    wrong = [
        f"{_rel(path)} imports {name}"
        for path in _modules(CORE)
        for name in sorted(_imported(path))
        if _top(name) in APPS + SITE
    ]
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_an_app_never_imports_the_site_layer_nor_another_app_against_the_allowed_edges(app):
    wrong = []
    for path in _modules(app):
        for name in sorted(_imported(path)):
            top = _top(name)
            if top in SITE or (top in APPS and top != app and (app, top) not in APP_EDGES):
                wrong.append(f"{_rel(path)} imports {name}")
    assert wrong == []


# Inside every package: a module of this kind never imports a module of that kind.
FORBIDDEN_WITHIN = [("admin", "views"), ("forms", "services")]


@pytest.mark.parametrize("importer,imported", FORBIDDEN_WITHIN)
@pytest.mark.parametrize("package", (CORE, *APPS, "pages"))
def test_admin_never_imports_views_and_forms_never_import_services(package, importer, imported):
    wrong = []
    for path in _modules(package):
        if _role(path) != importer:
            continue
        names = _imported(path)
        wrong += [
            f"{_rel(path)} imports {name}"
            for top in (CORE, *APPS, "pages")
            for name in sorted(_imports_role(names, top, imported))
        ]
    assert wrong == []


def test_the_allowed_edges_between_apps_point_one_way():
    assert not {(b, a) for a, b in APP_EDGES} & APP_EDGES


def test_the_checker_sees_a_wrong_import_inside_a_function(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from contacts.models import Channel\n    return Channel\n")
    assert "contacts.models" in _imported(module)
