"""House rules: the core never imports click or rich; only cli.py imports click, only terminal.py rich."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "policydiff"
CLICK_OK = {"cli.py"}
RICH_OK = {"formats/terminal.py", "progress.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_modules_do_not_import_click_or_rich():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        imported = _imports(path)
        if "click" in imported and rel not in CLICK_OK:
            offenders.append(f"{rel} imports click")
        if "rich" in imported and rel not in RICH_OK:
            offenders.append(f"{rel} imports rich")
    assert offenders == []
