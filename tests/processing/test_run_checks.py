"""``landsurvey:runchecks`` through processing.run on the demo county and its planted defects."""

from __future__ import annotations

import json
import sqlite3

import pytest
from osgeo import gdal
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from landsurvey_plugin.adapters.report_files import FINDING_COLUMNS
from tests.parcels import rectangle, write_parcels

SINGLE_LAYERS = ("TTQ", "GFBQ", "CCWJQ", "GCHZZ")


def run(params: dict, context: QgsProcessingContext | None = None) -> dict:
    import processing

    return processing.run("landsurvey:runchecks", params, context=context)


def county_params(demo) -> dict:
    gpkg = demo / "county.gpkg"
    params = {
        "PARCELS": f"{gpkg}|layername=DLTB",
        "PREVIOUS": f"{gpkg}|layername=DLTB_2023",
        "BOUNDARY": f"{gpkg}|layername=XZQ",
    }
    params.update({name: f"{gpkg}|layername={name}" for name in SINGLE_LAYERS})
    return params


def defects(demo) -> dict:
    return json.loads((demo / "defects.json").read_text(encoding="utf-8"))


def planted(demo) -> list[dict]:
    """The defects a layer check must find (photos are checked elsewhere)."""
    return [d for d in defects(demo)["defects"] if d["category"] != "photo"]


def rows(layer: QgsVectorLayer) -> list[dict]:
    return [
        {**{name: f[name] for name in FINDING_COLUMNS}, "geometry": f.geometry()}
        for f in layer.getFeatures()
    ]


def finds(found: list[dict], defect: dict) -> list[dict]:
    """Findings naming the defect's feature and every feature it was planted against."""
    wanted = {defect["key"], *defect["related"]}
    return [
        f
        for f in found
        if wanted <= set(f["feature_key"].split(";"))
        and f["category"] == defect["category"]
        and f["layer"] == defect["layer"]
    ]


@pytest.fixture(scope="module")
def county_run(landsurvey_provider, demo_county, tmp_path_factory):
    out = tmp_path_factory.mktemp("runchecks")
    params = {
        **county_params(demo_county),
        "PROFILE": "2024-national",
        "OUTPUT": str(out / "errors.gpkg"),
        "REPORT": str(out / "report.html"),
        "XLSX": str(out / "report.xlsx"),
    }
    return run(params), out


def test_error_layer_has_every_planted_defect(county_run, demo_county):
    result, _ = county_run
    layer = QgsVectorLayer(result["OUTPUT"], "errors", "ogr")
    assert layer.isValid()
    assert layer.wkbType() == QgsWkbTypes.MultiPolygon
    assert layer.crs().authid() == defects(demo_county)["crs"]
    found = rows(layer)
    missing = [d for d in planted(demo_county) if not finds(found, d)]
    assert missing == []
    assert {d["category"] for d in planted(demo_county)} >= {
        "geometry",
        "topology",
        "attribute",
        "area",
        "change",
        "single_layer",
    }
    # every finding on the demo county has a place, and it lies where the parcel is
    assert all(not f["geometry"].isNull() for f in found)
    parcels = QgsVectorLayer(f"{demo_county / 'county.gpkg'}|layername=DLTB", "p", "ogr")
    mismatch = next(d for d in planted(demo_county) if d["kind"] == "dlmc_mismatch")
    (finding,) = finds(found, mismatch)
    request = QgsFeatureRequest().setFilterExpression(f"\"BSM\" = '{mismatch['key']}'")
    parcel = next(parcels.getFeatures(request)).geometry()
    assert finding["geometry"].area() == pytest.approx(parcel.area())
    assert finding["geometry"].intersection(parcel).area() == pytest.approx(parcel.area())


def test_counts_and_style(county_run):
    result, _ = county_run
    layer = QgsVectorLayer(result["OUTPUT"], "errors", "ogr")
    severities = [f["severity"] for f in layer.getFeatures()]
    assert result["ERRORS"] == severities.count("error") > 0
    assert result["WARNINGS"] == severities.count("warning") > 0
    assert result["ERRORS"] + result["WARNINGS"] == layer.featureCount()
    path = result["OUTPUT"].split("|")[0]
    with sqlite3.connect(path) as db:
        (default,) = db.execute("SELECT useAsDefault FROM layer_styles").fetchone()
    assert default == 1
    assert layer.renderer().type() == "categorizedSymbol"


def test_report_and_workbook(county_run, demo_county):
    result, out = county_run
    assert result["REPORT"] == str(out / "report.html")
    assert result["XLSX"] == str(out / "report.xlsx")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for defect in planted(demo_county):
        assert defect["key"] in html
    gdal.SetConfigOption("OGR_XLSX_HEADERS", "FORCE")
    try:
        workbook = gdal.OpenEx(str(out / "report.xlsx"), gdal.OF_VECTOR)
    finally:
        gdal.SetConfigOption("OGR_XLSX_HEADERS", None)
    findings = workbook.GetLayerByName("findings")
    assert findings.GetFeatureCount() == result["ERRORS"] + result["WARNINGS"]
    keys = {f.GetField("feature_key") for f in findings}
    layer = QgsVectorLayer(result["OUTPUT"], "errors", "ogr")
    assert keys == {f["feature_key"] for f in layer.getFeatures()}
    summary = workbook.GetLayerByName("summary")
    counts = {f.GetField("rule"): int(f.GetField("count")) for f in summary}
    assert sum(counts.values()) == layer.featureCount()


def test_parcels_only_through_qgis_features(landsurvey_provider, demo_county):
    """One layer read through QGIS (a filtered layer has no bulk path) in a context that
    would abort on invalid geometries: the checker still sees and reports them."""
    gpkg = demo_county / "county.gpkg"
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "地类图斑", "ogr")
    parcels.setSubsetString("1 = 1")
    QgsProject.instance().addMapLayer(parcels)
    try:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryAbortOnInvalid)
        result = run(
            {"PARCELS": parcels.id(), "PROFILE": "2024-guizhou", "OUTPUT": "memory:"}, context
        )
    finally:
        QgsProject.instance().removeMapLayer(parcels.id())
    layer = result["OUTPUT"]
    assert isinstance(layer, QgsVectorLayer) and layer.providerType() == "memory"
    found = rows(layer)
    for defect in planted(demo_county):
        if defect["layer"] == "DLTB" and defect["category"] != "change":
            assert finds(found, defect), defect
    # no previous year, no single layers: their rules were skipped, not run
    assert {f["category"] for f in found}.isdisjoint({"change", "single_layer"})
    assert result["ERRORS"] + result["WARNINGS"] == len(found)


def test_profile_by_index_and_unknown_profile(landsurvey_provider, demo_county):
    from landsurvey_plugin.model.profile import available_profiles

    gpkg = demo_county / "county.gpkg"
    index = available_profiles().index("2024-national")
    result = run({"PARCELS": f"{gpkg}|layername=DLTB", "PROFILE": index, "OUTPUT": "memory:"})
    assert result["ERRORS"] > 0
    with pytest.raises(QgsProcessingException):
        run({"PARCELS": f"{gpkg}|layername=DLTB", "PROFILE": "1999-nowhere", "OUTPUT": "memory:"})


@pytest.fixture
def qgis_locale():
    """Set QGIS's user locale for one test, as the options dialog does; restored after."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}

    def use(locale: str) -> None:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", locale)

    yield use
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def test_language_follows_the_qgis_locale(landsurvey_provider, demo_county, qgis_locale, tmp_path):
    gpkg = demo_county / "county.gpkg"
    messages = {}
    for locale in ("zh-Hans", "en_US"):  # QGIS names its Chinese locale zh-Hans
        qgis_locale(locale)
        report = tmp_path / f"{locale}.html"
        params = {"PARCELS": f"{gpkg}|layername=DLTB", "OUTPUT": "memory:", "REPORT": str(report)}
        result = run(params)
        messages[locale] = {
            (f["rule"], f["feature_key"]): f["message"] for f in rows(result["OUTPUT"])
        }
        html = report.read_text(encoding="utf-8")
        assert ("<h2>汇总</h2>" in html) == (locale == "zh-Hans")
        assert ("<h2>Summary</h2>" in html) == (locale == "en_US")
    assert messages["zh-Hans"].keys() == messages["en_US"].keys()
    bsm = next(key for key in messages["en_US"] if key[0] == "bsm_unique")
    assert (
        messages["en_US"][bsm].startswith("BSM ") and "used by 2 features" in messages["en_US"][bsm]
    )
    assert messages["zh-Hans"][bsm] != messages["en_US"][bsm]


class CancelWhileChecking(QgsProcessingFeedback):
    """A feedback that cancels once reading is done and the rules have started."""

    def __init__(self) -> None:
        super().__init__()
        self.progressChanged.connect(self._on_progress)

    def _on_progress(self, value: float) -> None:
        if value > 40:
            self.cancel()


def test_cancel_stops_without_output(landsurvey_provider, demo_county, tmp_path):
    from landsurvey_plugin.processing.run_checks import RunChecksAlgorithm

    gpkg = demo_county / "county.gpkg"
    feedback = CancelWhileChecking()
    context = QgsProcessingContext()
    algorithm = RunChecksAlgorithm()
    algorithm.initAlgorithm()
    out = tmp_path / "errors.gpkg"
    params = {"PARCELS": f"{gpkg}|layername=DLTB", "PROFILE": 0, "OUTPUT": str(out)}
    results, ok = algorithm.run(params, context, feedback)
    assert ok and feedback.isCanceled()
    assert results == {} and not out.exists()


def test_findings_without_place_have_null_geometry(landsurvey_provider, tmp_path):
    """A parcel table lacking most national fields: the schema findings have no place and
    are stored with a NULL geometry (not an empty one) in the GeoPackage."""
    src = write_parcels(
        tmp_path / "few.gpkg",
        4527,
        [{"wkt": rectangle(39435800, 4411300, 200, 150), "BSM": "A", "DLBM": "0103"}],
    )
    out = tmp_path / "errors.gpkg"
    result = run({"PARCELS": f"{src}|layername=DLTB", "OUTPUT": str(out)})
    layer = QgsVectorLayer(result["OUTPUT"], "errors", "ogr")
    found = rows(layer)
    schema = [f for f in found if f["rule"] == "dltb_schema"]
    assert schema and all(f["geometry"].isNull() for f in schema)
    placed = [f for f in found if not f["geometry"].isNull()]
    assert all(not f["geometry"].isEmpty() for f in placed)
    with sqlite3.connect(out) as db:
        (table,) = db.execute("SELECT table_name FROM gpkg_contents").fetchone()
        nulls = db.execute(f'SELECT count(*) FROM "{table}" WHERE geom IS NULL').fetchone()[0]
    assert nulls == len(found) - len(placed) > 0


def test_loaded_output_is_styled(landsurvey_provider, demo_county):
    """A memory output loaded into the project gets the severity style (post-processor)."""
    import processing

    gpkg = demo_county / "county.gpkg"
    result = processing.runAndLoadResults(
        "landsurvey:runchecks",
        {"PARCELS": f"{gpkg}|layername=DLTB", "OUTPUT": "memory:"},
    )
    layer = QgsProject.instance().mapLayer(result["OUTPUT"])
    try:
        assert isinstance(layer, QgsVectorLayer) and layer.featureCount() > 0
        assert layer.renderer().type() == "categorizedSymbol"
        assert layer.renderer().classAttribute() == "severity"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_exceptions_accepted_in_the_dock_stay_out_of_the_headless_run(
    landsurvey_provider, demo_county, tmp_path
):
    import shutil

    from landsurvey_plugin.adapters.exception_store import ExceptionStore
    from landsurvey_plugin.rules.exceptions import AcceptedException

    copy = tmp_path / "county"
    shutil.copytree(demo_county, copy)
    params = {**county_params(copy), "PROFILE": "2024-national"}
    first = QgsVectorLayer(run({**params, "OUTPUT": str(tmp_path / "a.gpkg")})["OUTPUT"])
    accepted = next(r for r in rows(first) if r["rule"] == "tbmj_ellipsoidal")
    identity = ("tbmj_ellipsoidal", accepted["layer"], accepted["feature_key"])

    ExceptionStore(str(copy / "county.gpkg")).add(AcceptedException(*identity, "surveyed"))
    second = QgsVectorLayer(run({**params, "OUTPUT": str(tmp_path / "b.gpkg")})["OUTPUT"])
    assert identity not in {(r["rule"], r["layer"], r["feature_key"]) for r in rows(second)}
    assert second.featureCount() == first.featureCount() - 1
