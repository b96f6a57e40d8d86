#!/usr/bin/env python3
"""Assemble the installable plugin: ``build/landsurvey_plugin/`` and ``dist/*.zip``.

QGIS wants metadata.txt, resources and compiled translations inside the plugin folder, while
the repository keeps them beside the package; this script is the only place that joins them.
Pure-Python dependencies that QGIS users lack (exifread >= 3.5) go to ``ext_libs/``.
"""

from __future__ import annotations

import argparse
import configparser
import importlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "landsurvey_plugin"
VENDORED = ("exifread",)  # pure Python; shapely/numpy are binary and checked on load instead
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "ext_libs")


def compile_translations(i18n: Path) -> list[Path]:
    lrelease = shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if lrelease is None:
        raise SystemExit("lrelease not found: apt-get install qttools5-dev-tools")
    built = []
    for ts in sorted(i18n.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def vendor(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in VENDORED:
        module = importlib.import_module(name)
        source = Path(module.__file__).parent
        shutil.copytree(source, target / name, ignore=IGNORE)
        licence = next(source.parent.glob(f"{name}-*.dist-info/LICENSE*"), None)
        if licence is None:
            licence = next(source.parent.glob(f"{name}-*.dist-info/licenses/*"), None)
        if licence is not None:
            shutil.copy2(licence, target / name / "LICENSE")


def build(out: Path, dist: Path) -> tuple[Path, Path]:
    compile_translations(ROOT / "i18n")
    plugin_dir = out / PACKAGE
    if plugin_dir.exists():
        shutil.rmtree(plugin_dir)
    shutil.copytree(ROOT / PACKAGE, plugin_dir, ignore=IGNORE)
    shutil.copy2(ROOT / "metadata.txt", plugin_dir / "metadata.txt")
    shutil.copytree(ROOT / "resources", plugin_dir / "resources", ignore=IGNORE)
    (plugin_dir / "i18n").mkdir()
    for qm in (ROOT / "i18n").glob("*.qm"):
        shutil.copy2(qm, plugin_dir / "i18n" / qm.name)
    for extra in ("README.md", "CHANGELOG.md", "LICENSE"):
        if (ROOT / extra).is_file():
            shutil.copy2(ROOT / extra, plugin_dir / extra)
    vendor(plugin_dir / "ext_libs")

    meta = configparser.ConfigParser(interpolation=None)
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    version = meta["general"]["version"]
    dist.mkdir(parents=True, exist_ok=True)
    archive = dist / f"{PACKAGE}-{version}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(plugin_dir.rglob("*")):
            zf.write(path, path.relative_to(out))
    return plugin_dir, archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "plugin")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    plugin_dir, archive = build(args.out, args.dist)
    print(f"plugin folder: {plugin_dir}")
    print(f"plugin zip:    {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
