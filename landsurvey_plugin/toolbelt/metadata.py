"""The one reader of ``metadata.txt``: name, version and links come from there, not from code."""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from functools import lru_cache

from landsurvey_plugin.toolbelt.paths import metadata_file

PLUGIN_ID = "landsurvey_plugin"
PROVIDER_ID = "landsurvey"
SETTINGS_PREFIX = "landsurvey_plugin"
LOG_TAG = "Land Survey"


@dataclass(frozen=True)
class PluginMetadata:
    name: str
    version: str
    qgis_minimum_version: str
    homepage: str
    tracker: str
    icon: str


@lru_cache(maxsize=1)
def plugin_metadata() -> PluginMetadata:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(metadata_file(), encoding="utf-8")
    general = parser["general"]
    return PluginMetadata(
        name=general["name"],
        version=general["version"],
        qgis_minimum_version=general["qgisMinimumVersion"],
        homepage=general.get("homepage", ""),
        tracker=general.get("tracker", ""),
        icon=general.get("icon", ""),
    )
