"""The architecture as a test: imports point down the layers, never up (house style).

model/rules/photos/imagery  <-  adapters  <-  processing, gui  <-  plugin.py
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "landsurvey_plugin"
NAME = "landsurvey_plugin"

PURE = {"model", "rules", "photos", "imagery"}
# which internal parts each part may import
ALLOWED_INTERNAL: dict[str, set[str]] = {
    "errors": set(),
    "toolbelt": {"toolbelt", "errors"},
    "model": {"model", "errors", "toolbelt.paths"},
    "rules": {"model", "rules", "errors", "toolbelt.paths"},
    "photos": {"model", "photos", "errors", "toolbelt.paths"},
    "imagery": {"model", "imagery", "errors", "toolbelt.paths"},
    "adapters": {"model", "rules", "photos", "imagery", "adapters", "errors", "toolbelt"},
    "processing": {
        "model",
        "rules",
        "photos",
        "imagery",
        "adapters",
        "processing",
        "errors",
        "toolbelt",
    },
    "gui": {"model", "rules", "photos", "imagery", "adapters", "gui", "errors", "toolbelt"},
    "plugin": {"*"},
    "__init__": {"plugin", "toolbelt.dependencies"},  # GEOS isolation before any import
}
# external modules each part must not import (prefix match)
FORBIDDEN_EXTERNAL: dict[str, tuple[str, ...]] = {
    "pure": ("qgis", "PyQt5", "PyQt6", "sip"),
    "toolbelt.paths": ("qgis", "PyQt5"),
    "toolbelt.metadata": ("qgis", "PyQt5"),
    "toolbelt.dependencies": ("qgis", "PyQt5"),
    "core": ("qgis.gui", "qgis.utils", "qgis.PyQt.QtWidgets", "PyQt5.QtWidgets", "processing"),
}


def part_of(module: str) -> str:
    """``landsurvey_plugin.model.area`` -> ``model``; toolbelt keeps its module name."""
    pieces = module.split(".")[1:]
    if not pieces:
        return "__init__"
    if pieces[0] == "toolbelt" and len(pieces) > 1:
        return f"toolbelt.{pieces[1]}"
    return pieces[0]


def imports_of(source: str, module: str) -> list[str]:
    found = []
    package_parts = module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level]
                found.append(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                found.append(node.module)
    return found


def violations(module: str, source: str) -> list[str]:
    part = part_of(module)
    top = part.split(".")[0]
    problems = []
    allowed = ALLOWED_INTERNAL.get(part, ALLOWED_INTERNAL.get(top, set()))
    for imported in imports_of(source, module):
        if imported == NAME or imported.startswith(NAME + "."):
            target = part_of(imported)
            ok = "*" in allowed or any(target == a or target.split(".")[0] == a for a in allowed)
            if not ok:
                problems.append(f"{module} imports {imported} ({part} -> {target})")
            continue
        forbidden: tuple[str, ...] = ()
        if top in PURE:
            forbidden = FORBIDDEN_EXTERNAL["pure"]
        elif part in FORBIDDEN_EXTERNAL:
            forbidden = FORBIDDEN_EXTERNAL[part]
        elif top in {"adapters", "processing"}:
            forbidden = FORBIDDEN_EXTERNAL["core"]
        for prefix in forbidden:
            if imported == prefix or imported.startswith(prefix + "."):
                problems.append(f"{module} imports {imported}, forbidden in {part}")
    if part not in {"plugin", "__init__"} and "iface" in {
        getattr(n, "id", None) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)
    }:
        problems.append(f"{module} uses iface; only plugin.py may")
    return problems


def package_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "ext_libs" in rel.parts:
            continue
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append((".".join(parts), path))
    return modules


def test_package_has_the_layers():
    parts = {part_of(m).split(".")[0] for m, _ in package_modules()}
    assert {"model", "adapters", "processing", "toolbelt", "plugin"} <= parts


@pytest.mark.parametrize(("module", "path"), package_modules(), ids=lambda v: str(v))
def test_imports_point_down(module: str, path: Path):
    assert violations(module, path.read_text(encoding="utf-8")) == []


def test_checker_flags_an_upward_import():
    bad_model = "from landsurvey_plugin.adapters.crs import area_frame\n"
    assert violations("landsurvey_plugin.model.area", bad_model)
    qt_in_model = "from qgis.PyQt.QtWidgets import QWidget\n"
    assert violations("landsurvey_plugin.model.area", qt_in_model)
    widget_in_adapter = "from qgis.gui import QgsMapCanvas\n"
    assert violations("landsurvey_plugin.adapters.crs", widget_in_adapter)
    relative_up = "from ..gui import dock\n"
    assert violations("landsurvey_plugin.processing.provider", relative_up)
    iface_use = "from qgis.utils import iface\niface.mapCanvas()\n"
    assert violations("landsurvey_plugin.gui.dock", iface_use)
    assert violations("landsurvey_plugin.model.area", "import numpy\n") == []


def test_no_ui_file_wires_signals():
    """Connections live in code, where tests and readers see them (lizmap's rule)."""
    for ui in PACKAGE.parent.joinpath("resources").rglob("*.ui"):
        assert "<connections>" not in ui.read_text(encoding="utf-8"), ui
