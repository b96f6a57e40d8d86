"""The one place that knows where the plugin's files live.

In a checkout ``metadata.txt``, ``resources/`` and ``i18n/`` sit beside the package; in the
installed plugin (built by ``scripts/package.py``) they sit inside it. Profile data always
travels inside the package. No other module builds these paths by hand.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent.parent


@cache
def plugin_root() -> Path:
    """The folder holding ``metadata.txt``: the package when installed, its parent in a checkout."""
    if (PACKAGE_DIR / "metadata.txt").is_file():
        return PACKAGE_DIR
    if (PACKAGE_DIR.parent / "metadata.txt").is_file():
        return PACKAGE_DIR.parent
    raise FileNotFoundError(f"metadata.txt not found beside or inside {PACKAGE_DIR}")


def metadata_file() -> Path:
    return plugin_root() / "metadata.txt"


def resources_dir() -> Path:
    return plugin_root() / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / name


def style_path(name: str) -> Path:
    return resources_dir() / "styles" / name


def i18n_dir() -> Path:
    return plugin_root() / "i18n"


def profiles_dir() -> Path:
    return PACKAGE_DIR / "profiles"


def vendor_dir() -> Path:
    """Pure-Python dependencies shipped in the zip (``scripts/package.py`` fills it)."""
    return PACKAGE_DIR / "ext_libs"
