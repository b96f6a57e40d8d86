"""Shared fixtures. pytest-qgis starts one real QgsApplication for the session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CORPORA_CANDIDATES = [Path(p) for p in (os.environ.get("LANDSURVEY_CORPORA"),) if p] + [
    ROOT.parent / "shared" / "corpora",
    Path("/work/shared/corpora"),
]
CORPORA = next((p for p in CORPORA_CANDIDATES if p.is_dir()), CORPORA_CANDIDATES[-1])


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not present at {CORPORA}")
    return CORPORA


@pytest.fixture(scope="session")
def landsurvey_provider(qgis_processing):
    """Our provider registered in the real Processing registry, as initProcessing does."""
    from qgis.core import QgsApplication

    from landsurvey_plugin.processing.provider import LandSurveyProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("landsurvey")
    if provider is None:
        provider = LandSurveyProvider()
        registry.addProvider(provider)
    yield provider


@pytest.fixture(scope="session")
def packaged_plugin(tmp_path_factory) -> tuple[Path, Path]:
    """The plugin folder and zip exactly as users install them (scripts/package.py)."""
    from scripts.package import build

    out = tmp_path_factory.mktemp("package")
    return build(out / "plugin", out / "dist")


@pytest.fixture(scope="session")
def demo_county(tmp_path_factory) -> Path:
    """A small demo county made by the real generator (scripts/make_demo_data.py)."""
    import subprocess

    out = tmp_path_factory.mktemp("demo")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_demo_data.py"),
            "--out",
            str(out),
            "--parcels",
            "400",
            "--seed",
            "7",
        ],
        check=True,
    )
    return out
