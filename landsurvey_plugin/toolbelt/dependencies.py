"""Check the third-party packages the plugin needs before anything imports them.

QGIS users rarely have shapely 2 or a recent exifread; a clear list of what is missing beats
a traceback in the Python console. Pure-Python dependencies ship in ``ext_libs/`` of the zip;
``ensure_vendor_path`` puts that folder on ``sys.path`` first.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass

from landsurvey_plugin.toolbelt.paths import vendor_dir


@dataclass(frozen=True)
class Requirement:
    module: str
    minimum: tuple[int, ...]
    pip_name: str
    why: str


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("numpy", (1, 21), "numpy", "vectorised areas and checks"),
    Requirement("shapely", (2, 0), "shapely>=2", "vectorised geometry (GEOS) for areas and checks"),
    Requirement(
        "exifread", (3, 5), "exifread>=3.5", "EXIF of evidence photos (3.0 fails on HEIC/WebP)"
    ),
)


@dataclass(frozen=True)
class DependencyProblem:
    requirement: Requirement
    found: str | None  # installed version, None when the import failed
    detail: str

    def describe(self) -> str:
        wanted = ".".join(str(p) for p in self.requirement.minimum)
        have = self.found if self.found is not None else "not installed"
        return f"{self.requirement.module} >= {wanted} ({self.requirement.why}): {have}"


def ensure_vendor_path() -> None:
    path = str(vendor_dir())
    if vendor_dir().is_dir() and path not in sys.path:
        sys.path.insert(0, path)


def _version_tuple(text: str) -> tuple[int, ...]:
    """Leading numeric release parts: ``3.5.1rc1`` -> (3, 5, 1), ``1.26.4+deb`` -> (1, 26, 4)."""
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    return tuple(int(p) for p in match.group(0).split(".")) if match else ()


def check_dependencies(
    requirements: tuple[Requirement, ...] = REQUIREMENTS,
) -> list[DependencyProblem]:
    """Return one problem per requirement that is missing or too old (empty list: all good)."""
    ensure_vendor_path()
    problems: list[DependencyProblem] = []
    for req in requirements:
        try:
            module = importlib.import_module(req.module)
        except Exception as exc:  # ImportError, or a broken binary wheel raising anything
            problems.append(DependencyProblem(req, None, f"{type(exc).__name__}: {exc}"))
            continue
        version = str(getattr(module, "__version__", "0"))
        if _version_tuple(version) < req.minimum:
            problems.append(DependencyProblem(req, version, "too old"))
    return problems


def import_shapely_with_its_own_geos() -> None:
    """Import shapely so that the GEOS it bundles binds to itself, not to QGIS's GEOS.

    The QGIS executables (desktop and qgis_process) put the system GEOS into the global
    symbol scope; a shapely wheel bundles a newer GEOS whose C++ symbols then partly resolve
    into the older system library (Debian: 3,652 bindings from the wheel's GEOS 3.14 into
    GEOS 3.11), and GEOS >= 3.12 operations such as coverage validation abort QGIS.
    ``RTLD_DEEPBIND`` makes the wheel's libraries look up their own symbols first. Linux
    only; nothing to do once shapely is loaded (then it was not loaded by us).
    """
    deepbind = getattr(os, "RTLD_DEEPBIND", 0)
    if not deepbind or "shapely" in sys.modules:
        return
    flags = sys.getdlopenflags()
    try:
        import numpy  # noqa: F401  (numpy's extensions keep the default flags)

        sys.setdlopenflags(flags | deepbind)
        import shapely  # noqa: F401
    except Exception:  # check_dependencies names what is missing or broken
        pass
    finally:
        sys.setdlopenflags(flags)
