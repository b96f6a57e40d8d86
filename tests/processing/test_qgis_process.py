"""The same algorithms from the command line: Debian's ``qgis_process.bin`` (headless)."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

from scripts.desktop.qgis_desktop import venv_site_packages
from tests.parcels import rectangle, write_parcels

QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")  # the wrapper passes --noversioncheck

pytestmark = pytest.mark.skipif(not QGIS_PROCESS.exists(), reason="qgis_process.bin not installed")


def qgis_process(zip_path: Path, tmp_path: Path, algorithm: str, *params: str) -> dict:
    """Run one algorithm of the packaged plugin in a QGIS profile of the test's own; the
    parsed ``--json`` answer."""
    config = tmp_path / "config"  # QGIS_CUSTOM_CONFIG_PATH: a profile of this test's own
    profile = config / "profiles/default"
    if not profile.is_dir():
        (profile / "QGIS").mkdir(parents=True)
        (profile / "QGIS/QGIS3.ini").write_text("[PythonPlugins]\nlandsurvey_plugin=true\n")
        (profile / "python/plugins").mkdir(parents=True)
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(profile / "python/plugins")
    env = dict(os.environ)
    env.update(
        QGIS_CUSTOM_CONFIG_PATH=str(config),
        QGIS_OPTIONS_PATH=str(config),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join(venv_site_packages()),
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    env.pop("QGIS_PLUGINPATH", None)
    result = subprocess.run(
        [str(QGIS_PROCESS), "run", algorithm, "--json", "--", *params],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout[result.stdout.index("{") :])


def test_qgis_process_runs_computeareas(packaged_plugin, tmp_path):
    _, zip_path = packaged_plugin
    src = write_parcels(
        tmp_path / "in.gpkg", 4527, [{"wkt": rectangle(39435800, 4411300, 200, 150), "BSM": "A"}]
    )
    out = tmp_path / "out.gpkg"
    payload = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:computeareas",
        f"INPUT={src}|layername=DLTB",
        f"OUTPUT={out}",
    )
    assert payload["results"]["SKIPPED"] == 0
    (feature,) = list(QgsVectorLayer(str(out), "o", "ogr").getFeatures())
    assert feature["TBMJ"] == pytest.approx(29996.97)


def test_qgis_process_runs_runchecks(packaged_plugin, demo_county, tmp_path):
    """The check headless on the demo county: the error layer holds the planted defects."""
    _, zip_path = packaged_plugin
    gpkg = demo_county / "county.gpkg"
    out = tmp_path / "errors.gpkg"
    report = tmp_path / "report.html"
    payload = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:runchecks",
        f"PARCELS={gpkg}|layername=DLTB",
        f"PREVIOUS={gpkg}|layername=DLTB_2023",
        f"TTQ={gpkg}|layername=TTQ",
        "PROFILE=2024-national",
        f"OUTPUT={out}",
        f"REPORT={report}",
    )
    results = payload["results"]
    layer = QgsVectorLayer(str(out), "errors", "ogr")
    assert layer.isValid() and layer.featureCount() == results["ERRORS"] + results["WARNINGS"]
    keys = [set(f["feature_key"].split(";")) for f in layer.getFeatures()]
    defects = json.loads((demo_county / "defects.json").read_text(encoding="utf-8"))["defects"]
    for defect in defects:
        if defect["layer"] in ("DLTB", "TTQ"):
            wanted = {defect["key"], *defect["related"]}
            assert any(wanted <= k for k in keys), defect
    assert results["REPORT"] == str(report) and report.is_file()
    assert layer.renderer().type() == "categorizedSymbol"  # the style stored in the gpkg
