"""Open a county database: GeoPackage, FileGDB or a folder of shapefiles, in one step.

``scan_county(path, profile)`` lists the polygon tables of the source, guesses which table
plays which role (``layer_roles.guess_roles``, the names the checks use) and, for shapefiles,
which text encoding their DBF uses. ``open_county(scan, mapping, project, profile)`` loads
the mapped tables with the plugin's styles into one layer group, remembers the mapping in the
project (``layer_roles.save_role``: the checks and docks find the same layers again) and
reports, per layer, the CRS verdict (CGCS2000 Gauss-Krüger or not) and the schema fields that
are missing or of another type. Nothing is ever written to the source files.
"""

from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass, field
from pathlib import Path

from osgeo import ogr
from qgis.core import (
    QgsFeatureRequest,
    QgsLayerTreeGroup,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.adapters.crs import gk_zone_of
from landsurvey_plugin.adapters.layer_roles import guess_roles, roles_of, save_role
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import LayerSchema, Profile
from landsurvey_plugin.rules.dataset import BOUNDARY, PARCELS, PREVIOUS, VILLAGES
from landsurvey_plugin.toolbelt.paths import style_path

GPKG, FILEGDB, SHAPEFILES = "gpkg", "filegdb", "shapefiles"
_SCOPE = "landsurvey"  # the project entry scope layer_roles uses
SAMPLE_RECORDS = 2000  # DBF records read to sniff the encoding (a county DLTB has 10⁴–10⁵)

# DBF language driver ids (byte 29) of the code pages county data uses. 0x57 ("ANSI") and 0
# say nothing about the code page and are left to the content test.
_LDID = {0x4D: "GBK", 0x7A: "GBK", 0x4F: "BIG5", 0x03: "CP1252", 0x01: "CP437"}
_CPG_ALIASES = {
    "936": "GBK",
    "CP936": "GBK",
    "GB2312": "GBK",  # GB2312 text is GBK text; GBK decodes the extensions too
    "GBK": "GBK",
    "GB18030": "GB18030",
    "65001": "UTF-8",
    "UTF8": "UTF-8",
    "UTF-8": "UTF-8",
    "950": "BIG5",
    "BIG5": "BIG5",
    "1252": "CP1252",
    "ANSI 1252": "CP1252",
}
# Role -> style file in resources/styles (single layers: their id in lower case).
_STYLES = {
    PARCELS: "dltb.qml",
    PREVIOUS: "dltb_2023.qml",
    BOUNDARY: "xzq.qml",
    VILLAGES: "cjdcq.qml",
}
# Loaded bottom-up, each on top of the last: single layers over the boundaries over DLTB.
_DRAW_ORDER = (PARCELS, PREVIOUS, VILLAGES, BOUNDARY, "GCHZZ", "CCWJQ", "GFBQ", "TTQ")
_QVARIANT_TYPES = {
    "string": (QVariant.String,),
    "int": (QVariant.Int, QVariant.LongLong, QVariant.UInt, QVariant.ULongLong),
    "double": (QVariant.Double,),
}


class CountyOpenError(LandSurveyError):
    """The chosen path is not a county database the plugin can read."""


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str  # a codec name QGIS (QTextCodec) and Python both know
    reason: str  # "cpg", "ldid", "utf-8 content", "gbk content", "gb18030 content", "ascii"
    declared: str | None = None  # what the .cpg / LDID said, when it was overruled
    samples: tuple[tuple[int, int, bytes], ...] = ()  # (record, field, raw bytes) with non-ASCII


@dataclass(frozen=True)
class CountyTable:
    name: str  # the table name (GeoPackage/FileGDB layer name, shapefile stem)
    uri: str  # the OGR uri QGIS opens
    geometry: str  # Polygon, Point, …
    encoding: EncodingGuess | None = None  # shapefiles only


@dataclass
class CountyScan:
    path: Path
    kind: str  # GPKG | FILEGDB | SHAPEFILES
    tables: list[CountyTable]
    guessed: dict[str, str]  # role -> table name

    def table(self, name: str) -> CountyTable | None:
        return next((t for t in self.tables if t.name == name), None)

    @property
    def polygon_tables(self) -> list[CountyTable]:
        return [t for t in self.tables if t.geometry == "Polygon"]


@dataclass
class LayerReport:
    role: str
    table: str
    layer_id: str
    feature_count: int
    crs: str  # authid or description
    crs_ok: bool  # CGCS2000 Gauss-Krüger (the survey's CRS)
    encoding: str | None = None
    encoding_reason: str | None = None
    encoding_verified: bool = True
    missing_fields: list[str] = field(default_factory=list)
    mistyped_fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, want, got


@dataclass
class CountyOpenResult:
    path: Path
    kind: str
    group_name: str
    layers: dict[str, LayerReport]  # role -> report
    not_found: list[str]  # roles without a table
    failed: list[tuple[str, str]] = field(default_factory=list)  # (table, why)

    @property
    def crs_problems(self) -> list[LayerReport]:
        return [r for r in self.layers.values() if not r.crs_ok]

    @property
    def field_problems(self) -> list[LayerReport]:
        return [r for r in self.layers.values() if r.missing_fields or r.mistyped_fields]


# -- encodings -------------------------------------------------------------------------------
def _dbf_samples(
    dbf: Path, limit: int = SAMPLE_RECORDS
) -> tuple[int, list[tuple[int, int, bytes]]]:
    """(language driver id, [(record, field index, raw text)]) from a DBF's character fields.

    Read by hand (dBase III layout: 32-byte header, 32-byte field descriptors ended by 0x0D)
    because neither GDAL nor QGIS hands out the undecoded bytes, and the bytes are the only
    evidence of the code page when the .cpg is missing.
    """
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32:
            return 0, []
        count, header_size, record_size = struct.unpack("<IHH", header[4:12])
        ldid = header[29]
        descriptors = handle.read(header_size - 32)
        fields: list[tuple[int, int, int]] = []  # (field index, offset in record, length)
        offset = 1  # byte 0 of a record is the deletion flag
        for index, start in enumerate(range(0, len(descriptors) - 31, 32)):
            chunk = descriptors[start : start + 32]
            if chunk[0] == 0x0D:
                break
            kind, length = chr(chunk[11]), chunk[16]
            if kind == "C":  # memo text lives in a .dbt, not sniffed
                fields.append((index, offset, length))
            offset += length
        handle.seek(header_size)
        samples: list[tuple[int, int, bytes]] = []
        for record in range(min(count, limit)):
            raw = handle.read(record_size)
            if len(raw) < record_size:
                break
            if raw[:1] == b"*":
                continue  # deleted record
            for field_index, start, length in fields:
                text = raw[start : start + length].rstrip(b" \x00")
                if any(b > 0x7F for b in text):
                    samples.append((record, field_index, text))
    return ldid, samples


def _normalise(name: str) -> str | None:
    key = name.strip().upper() if name else ""
    if not key:
        return None
    if key in _CPG_ALIASES:
        return _CPG_ALIASES[key]
    try:
        return codecs.lookup(key).name.upper()
    except LookupError:
        return None


def _decodes(samples: list[tuple[int, int, bytes]], encoding: str) -> bool:
    try:
        for _, _, raw in samples:
            raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_encoding(shp: Path) -> EncodingGuess:
    """The code page of a shapefile's DBF: the .cpg, else the LDID byte, else the bytes.

    A declaration is only believed when the text decodes with it. Without one, UTF-8 is
    tried first: GBK/GB18030 bytes are almost never valid UTF-8 (their lead bytes 0x81–0xFE
    are followed by bytes that are not UTF-8 continuations), while UTF-8 Chinese often
    "decodes" as GBK into other, wrong characters — so the strict UTF-8 test decides, and
    GBK (what 三调 tools write) then GB18030 (its superset) take the rest.
    """
    dbf = next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.is_file()), None)
    if dbf is None:
        return EncodingGuess("UTF-8", "no dbf")
    ldid, samples = _dbf_samples(dbf)
    kept = tuple(samples[:50])
    declared, how = None, ""
    cpg = next((p for p in (shp.with_suffix(".cpg"), shp.with_suffix(".CPG")) if p.is_file()), None)
    if cpg is not None:
        declared, how = _normalise(cpg.read_text("ascii", errors="ignore")), "cpg"
    if declared is None and ldid in _LDID:
        declared, how = _LDID[ldid], "ldid"
    if not samples:
        return EncodingGuess(declared or "UTF-8", how or "ascii", None, kept)
    if declared is not None and _decodes(samples, declared):
        return EncodingGuess(declared, how, None, kept)
    for candidate in ("UTF-8", "GBK", "GB18030"):
        if _decodes(samples, candidate):
            return EncodingGuess(candidate, f"{candidate.lower()} content", declared, kept)
    return EncodingGuess("GB18030", "gb18030 content", declared, kept)


def _apply_encoding(layer: QgsVectorLayer, guess: EncodingGuess) -> bool:
    """Set the provider encoding so the layer shows the text the bytes hold; True when a
    sample value read back through QGIS equals our own decoding.

    Checked rather than trusted: QGIS 3.22 decodes a .cpg file itself but lets GDAL recode
    a file whose LDID names a code page (then the text arrives as UTF-8 whatever the
    provider encoding says), so the right provider setting depends on the file.
    """
    layer.setProviderEncoding(guess.encoding)
    if not guess.samples:
        return True
    record, field_index, raw = guess.samples[0]
    expected = raw.decode(guess.encoding, errors="replace").strip()
    for candidate in (guess.encoding, "UTF-8"):
        layer.setProviderEncoding(candidate)
        feature = next(layer.getFeatures(QgsFeatureRequest(record)), None)
        if feature is not None and str(feature.attribute(field_index)).strip() == expected:
            return True
    layer.setProviderEncoding(guess.encoding)
    return False


# -- scanning --------------------------------------------------------------------------------
def _geometry_name(ogr_type: int) -> str:
    flat = ogr.GT_Flatten(ogr_type)
    if flat in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon, ogr.wkbMultiSurface):
        return "Polygon"
    if flat in (ogr.wkbPoint, ogr.wkbMultiPoint):
        return "Point"
    if flat in (ogr.wkbLineString, ogr.wkbMultiLineString):
        return "Line"
    return "None"


def _kind_of(path: Path) -> str:
    if path.is_dir() and path.suffix.lower() == ".gdb":
        return FILEGDB
    if path.is_dir():
        return SHAPEFILES
    if path.suffix.lower() == ".gpkg":
        return GPKG
    if path.suffix.lower() == ".shp":
        return SHAPEFILES
    raise CountyOpenError(
        "{path} is not a GeoPackage (.gpkg), a FileGDB folder (.gdb) or a folder of shapefiles.",
        path=str(path),
    )


def scan_county(path: Path | str, profile: Profile) -> CountyScan:
    """The tables of a county database and the roles their names suggest (read only)."""
    path = Path(path)
    if not path.exists():
        raise CountyOpenError("{path} does not exist.", path=str(path))
    kind = _kind_of(path)
    tables: list[CountyTable] = []
    if kind == SHAPEFILES:
        folder = path if path.is_dir() else path.parent
        for shp in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".shp"):
            ds = ogr.Open(str(shp), 0)
            if ds is None or ds.GetLayerCount() == 0:
                continue
            geometry = _geometry_name(ds.GetLayer(0).GetGeomType())
            tables.append(CountyTable(shp.stem, str(shp), geometry, detect_encoding(shp)))
            ds = None
        path = folder
    else:
        driver = ogr.GetDriverByName("OpenFileGDB" if kind == FILEGDB else "GPKG")
        ds = driver.Open(str(path), 0) if driver is not None else None
        if ds is None:
            raise CountyOpenError("{path} cannot be read by GDAL.", path=str(path))
        for i in range(ds.GetLayerCount()):
            layer = ds.GetLayer(i)
            name = layer.GetName()
            tables.append(
                CountyTable(name, f"{path}|layername={name}", _geometry_name(layer.GetGeomType()))
            )
        ds = None
    if not tables:
        raise CountyOpenError("No layers found in {path}.", path=str(path))
    polygons = [t.name for t in tables if t.geometry == "Polygon"]
    return CountyScan(path, kind, tables, guess_roles(polygons, profile))


# -- checks ----------------------------------------------------------------------------------
def schema_of(role: str, profile: Profile) -> LayerSchema | None:
    """The profile's schema a role's table must follow (XZQ and CJDCQ have none there)."""
    if role in (PARCELS, PREVIOUS):
        return profile.dltb
    return profile.single_layers.get(role)


def field_problems(
    layer: QgsVectorLayer, schema: LayerSchema
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(missing field names, [(name, schema type, layer type)]) against the schema.

    Fields are matched by name or alias, case-insensitively, like the checks do.
    """
    present = {f.name().upper(): f for f in layer.fields()}
    missing: list[str] = []
    mistyped: list[tuple[str, str, str]] = []
    for spec in schema.fields:
        found = next(
            (present[n.upper()] for n in (spec.name, *spec.aliases) if n.upper() in present), None
        )
        if found is None:
            missing.append(spec.name)
        elif found.type() not in _QVARIANT_TYPES.get(spec.type, ()):
            mistyped.append((spec.name, spec.type, found.typeName()))
    return missing, mistyped


def crs_verdict(layer: QgsVectorLayer) -> tuple[bool, str]:
    """(is CGCS2000 Gauss-Krüger, how to name the CRS to the user)."""
    crs = layer.crs()
    text = crs.authid() or crs.description() or "—"
    if not crs.isValid():
        return False, ""
    return gk_zone_of(crs) is not None, text


@dataclass(frozen=True)
class TablePreview:
    """What the dialog warns about before loading a table in a role."""

    table: str
    role: str
    valid: bool
    crs_ok: bool
    crs: str
    missing_fields: tuple[str, ...] = ()
    mistyped_fields: tuple[tuple[str, str, str], ...] = ()
    encoding: str | None = None
    encoding_reason: str | None = None


def preview_table(scan: CountyScan, table_name: str, role: str, profile: Profile) -> TablePreview:
    """CRS, schema fields and encoding of a table in a role, read without loading it."""
    table = scan.table(table_name)
    if table is None:
        return TablePreview(table_name, role, False, False, "")
    layer = QgsVectorLayer(table.uri, table.name, "ogr")
    if not layer.isValid():
        return TablePreview(table_name, role, False, False, "")
    crs_ok, crs = crs_verdict(layer)
    schema = schema_of(role, profile)
    missing, mistyped = field_problems(layer, schema) if schema is not None else ([], [])
    guess = table.encoding
    return TablePreview(
        table_name,
        role,
        True,
        crs_ok,
        crs,
        tuple(missing),
        tuple(mistyped),
        guess.encoding if guess else None,
        guess.reason if guess else None,
    )


# -- loading ---------------------------------------------------------------------------------
def _group(project: QgsProject, name: str) -> QgsLayerTreeGroup:
    root = project.layerTreeRoot()
    group = root.findGroup(name)
    return group if group is not None else root.insertGroup(0, name)


def open_county(
    scan: CountyScan,
    mapping: dict[str, str],
    project: QgsProject,
    profile: Profile,
    group_name: str | None = None,
) -> CountyOpenResult:
    """Load the mapped tables (role -> table name) into one group with the plugin's styles.

    Layers with missing or mistyped fields or in another CRS are loaded all the same; the
    result says what is wrong so the dialog and the dock can tell the user.
    """
    group_name = group_name or scan.path.stem
    result = CountyOpenResult(scan.path, scan.kind, group_name, {}, [])
    titles = roles_of(profile)
    loaded: list[tuple[str, QgsVectorLayer]] = []
    for role in _DRAW_ORDER:
        name = mapping.get(role)
        if role not in titles:
            continue
        table = scan.table(name) if name else None
        if table is None:
            result.not_found.append(role)
            continue
        layer = QgsVectorLayer(table.uri, f"{titles[role]} {table.name}", "ogr")
        if not layer.isValid():
            result.failed.append((table.name, layer.error().summary() or "invalid layer"))
            continue
        if QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.PolygonGeometry:
            result.failed.append((table.name, "not a polygon layer"))
            continue
        report = LayerReport(role, table.name, layer.id(), layer.featureCount(), "", False)
        report.crs_ok, report.crs = crs_verdict(layer)
        if table.encoding is not None:
            report.encoding = table.encoding.encoding
            report.encoding_reason = table.encoding.reason
            report.encoding_verified = _apply_encoding(layer, table.encoding)
        schema = schema_of(role, profile)
        if schema is not None:
            report.missing_fields, report.mistyped_fields = field_problems(layer, schema)
        style = _STYLES.get(role, f"{role.lower()}.qml")
        if style_path(style).is_file():
            layer.loadNamedStyle(str(style_path(style)))
        result.layers[role] = report
        loaded.append((role, layer))
    if loaded:
        group = _group(project, group_name)
        for role, layer in loaded:  # drawn bottom-up: each new one goes to the top
            project.addMapLayer(layer, False)
            group.insertLayer(0, layer)
            save_role(project, role, layer)
        project.writeEntry(_SCOPE, "county/source", str(scan.path))
    return result
