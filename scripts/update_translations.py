#!/usr/bin/env python3
"""Refresh ``i18n/landsurvey_zh_CN.ts`` from the ``tr("…")`` calls in the package.

pylupdate5 only sees ``self.tr``/``QCoreApplication.translate`` calls, not the toolbelt's
``tr`` helper, so the source strings are collected here with ``ast``. Existing translations
are kept; new strings are added as unfinished, vanished ones are marked obsolete.
Run ``--check`` to fail when a string lacks a finished translation (the test suite does).
"""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = "LandSurvey"
LANGUAGES = ("zh_CN",)
# tr() itself, and the user-facing errors whose first argument is translated when shown
TRANSLATED_CALLS = {"tr", "LandSurveyError", "CrsError", "SchemaError"}


def source_strings(package: Path = ROOT / "landsurvey_plugin") -> dict[str, str]:
    """Source text -> first location, for every ``tr("literal")`` in the package."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        if "ext_libs" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in TRANSLATED_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(node.args[0].value, where)
    return found


def ts_path(language: str) -> Path:
    return ROOT / "i18n" / f"landsurvey_{language}.ts"


def read_ts(path: Path) -> dict[str, tuple[str, str | None]]:
    """Source -> (translation, type attribute) of an existing .ts file."""
    if not path.is_file():
        return {}
    entries = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        tr_el = message.find("translation")
        entries[source] = (
            tr_el.text or "" if tr_el is not None else "",
            tr_el.get("type") if tr_el is not None else "unfinished",
        )
    return entries


def write_ts(path: Path, language: str, strings: dict[str, str]) -> list[str]:
    old = read_ts(path)
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = []
    for source, where in sorted(strings.items()):
        message = ET.SubElement(context, "message")
        file_name, line = where.rsplit(":", 1)
        ET.SubElement(message, "location", filename=file_name, line=line)
        ET.SubElement(message, "source").text = source
        text, kind = old.get(source, ("", "unfinished"))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if kind == "obsolete" or not text:
            kind = "unfinished"
        if kind == "unfinished":
            translation.set("type", "unfinished")
            missing.append(source)
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def untranslated(language: str) -> list[str]:
    entries = read_ts(ts_path(language))
    return [
        s
        for s in source_strings()
        if s not in entries or not entries[s][0] or entries[s][1] == "unfinished"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        if args.check:
            missing = untranslated(language)
        else:
            missing = write_ts(ts_path(language), language, source_strings())
        for source in missing:
            print(f"{language}: untranslated: {source}")
        status |= bool(missing)
    return status if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
