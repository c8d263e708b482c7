"""The privacy app sits above tickets: tickets and core never import it (the appeal form learns
the consent version through core/consent.py)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("package", ["core", "tickets"])
def test_lower_layers_never_import_privacy(package):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "privacy" or n.startswith("privacy.") for n in names), path
