"""The same algorithm from the command line: Debian's ``qgis_process.bin`` (headless)."""

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


@pytest.mark.skipif(not QGIS_PROCESS.exists(), reason="qgis_process.bin not installed")
def test_qgis_process_runs_computeareas(packaged_plugin, tmp_path):
    _, zip_path = packaged_plugin
    config = tmp_path / "config"  # QGIS_CUSTOM_CONFIG_PATH: a profile of this test's own
    profile = config / "profiles/default"
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS/QGIS3.ini").write_text("[PythonPlugins]\nlandsurvey_plugin=true\n")
    (profile / "python/plugins").mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(profile / "python/plugins")
    src = write_parcels(
        tmp_path / "in.gpkg", 4527, [{"wkt": rectangle(39435800, 4411300, 200, 150), "BSM": "A"}]
    )
    out = tmp_path / "out.gpkg"
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
        [
            str(QGIS_PROCESS),
            "run",
            "landsurvey:computeareas",
            "--json",
            "--",
            f"INPUT={src}|layername=DLTB",
            f"OUTPUT={out}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    assert payload["results"]["SKIPPED"] == 0
    (feature,) = list(QgsVectorLayer(str(out), "o", "ogr").getFeatures())
    assert feature["TBMJ"] == pytest.approx(29996.97)
