"""The county's 田坎系数 table: imported once from CSV or XLSX, kept in the QGIS project.

KCXS must equal the coefficient the county reported (seed 000 三(五)1), and the national
profile leaves the table empty: each county has its own. The table is a list of rows
``GDLX, GDPDJB, KCXS`` (Chinese headers 耕地类型, 坡度级别, 田坎系数 are accepted; GDLX may be
the code or the name, e.g. 梯田). A coefficient is a fraction in [0, 1): a percent such
as 12.3 is refused with the row named rather than divided silently.

XLSX is read with GDAL's XLSX driver (the library QGIS itself uses), CSV with Python's
csv module because county CSVs come in UTF-8 or GBK and GDAL's CSV driver assumes UTF-8.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from qgis.core import QgsProject

from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import Profile

_SCOPE = "landsurvey"
_KEY = "tiankan/county"
_HEADERS = {
    "GDLX": ("GDLX", "耕地类型"),
    "GDPDJB": ("GDPDJB", "坡度级别", "耕地坡度级别", "坡度级"),
    "KCXS": ("KCXS", "田坎系数", "扣除地类系数", "系数"),
}


class TiankanError(LandSurveyError):
    """The 田坎系数 file cannot be read or holds a value the survey cannot use."""


def _rows_csv(path: Path) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = path.read_text(encoding=encoding)
        except UnicodeDecodeError:
            continue
        return [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]
    raise TiankanError("{path}: neither UTF-8 nor GBK text.", path=str(path))


def _rows_xlsx(path: Path) -> list[list[str]]:
    from osgeo import gdal  # GDAL's bindings: the library QGIS reads spreadsheets with

    dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR, open_options=["HEADERS=DISABLE"])
    if dataset is None or dataset.GetLayerCount() == 0:
        raise TiankanError("{path}: GDAL cannot read this spreadsheet.", path=str(path))
    layer = dataset.GetLayer(0)
    rows = []
    for feature in layer:
        cells = [feature.GetField(i) for i in range(feature.GetFieldCount())]
        row = ["" if c is None else str(c) for c in cells]
        if any(c.strip() for c in row):
            rows.append(row)
    return rows


def read_tiankan_table(path: str | Path, profile: Profile) -> dict[str, float]:
    """``{GDLX + GDPDJB: KCXS}`` from a CSV or XLSX file; a bad row raises TiankanError."""
    path = Path(path)
    if not path.is_file():
        raise TiankanError("{path}: no such file.", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _rows_csv(path)
    elif suffix in (".xlsx", ".xls", ".ods"):
        rows = _rows_xlsx(path)
    else:
        raise TiankanError("{path}: expected a .csv or .xlsx file.", path=str(path))
    if not rows:
        raise TiankanError("{path}: the file is empty.", path=str(path))
    header = [c.strip().upper() for c in rows[0]]
    columns = {}
    for key, names in _HEADERS.items():
        found = next((header.index(n.upper()) for n in names if n.upper() in header), None)
        if found is None:
            raise TiankanError(
                "{path}: no column {column} (expected one of {names}; found {header}).",
                path=str(path),
                column=key,
                names=", ".join(names),
                header=", ".join(rows[0]),
            )
        columns[key] = found
    gdlx_domain, grades = profile.domains["GDLX"].values, profile.domains["GDPDJB"].values
    by_name = {name: code for code, name in gdlx_domain.items()}
    table: dict[str, float] = {}
    for n, row in enumerate(rows[1:], start=2):
        cell = [row[i].strip() if i < len(row) else "" for i in range(len(row) + 3)]
        gdlx = cell[columns["GDLX"]]
        gdlx = by_name.get(gdlx, gdlx).upper()
        grade = cell[columns["GDPDJB"]]
        if grade.endswith(".0"):  # a spreadsheet number cell
            grade = grade[:-2]
        if gdlx not in gdlx_domain:
            raise TiankanError(
                "{path} row {row}: GDLX {value!r} is not one of {allowed}.",
                path=str(path),
                row=n,
                value=gdlx,
                allowed=", ".join(f"{c} {m}" for c, m in gdlx_domain.items()),
            )
        if grade not in grades:
            raise TiankanError(
                "{path} row {row}: slope grade {value!r} is not one of {allowed}.",
                path=str(path),
                row=n,
                value=grade,
                allowed=", ".join(grades),
            )
        try:
            value = float(cell[columns["KCXS"]])
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and 0.0 <= value < 1.0):
            raise TiankanError(
                "{path} row {row}: coefficient {value!r} is not a fraction in [0, 1) "
                "(a percent? write 0.123 for 12.3 %).",
                path=str(path),
                row=n,
                value=cell[columns["KCXS"]],
            )
        key = f"{gdlx}{grade}"
        if key in table and table[key] != value:
            raise TiankanError(
                "{path} row {row}: {key} appears twice with different coefficients.",
                path=str(path),
                row=n,
                key=key,
            )
        table[key] = round(value, 4)  # KCXS is Float 6,4 (reference §1 row 14)
    return table


def save_county_tiankan(project: QgsProject, table: dict[str, float]) -> None:
    """Keep the table in the project: it travels with the county's project file."""
    project.writeEntry(_SCOPE, _KEY, json.dumps(table, sort_keys=True))


def load_county_tiankan(project: QgsProject) -> dict[str, float]:
    text, ok = project.readEntry(_SCOPE, _KEY, "")
    if not ok or not text:
        return {}
    try:
        raw = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return {str(k): float(v) for k, v in raw.items()}
