"""Typed plugin settings over QgsSettings, so every key, type and default is declared once."""

from __future__ import annotations

from dataclasses import dataclass, fields

from qgis.core import QgsSettings

from landsurvey_plugin.toolbelt.metadata import SETTINGS_PREFIX


@dataclass
class PluginSettings:
    profile_id: str = "2024-national"
    dltb_layer_name: str = "DLTB"
    debug: bool = False
    # Parcel dock, typed values not applied when another parcel is shown: "ask" or "keep"
    # (kept per parcel and shown again when the user comes back to it).
    parcel_dock_unapplied: str = "ask"
    # review worklist: share of the parcel's size shown around it on each side when stepping
    worklist_margin: float = 0.5


def _key(name: str) -> str:
    return f"{SETTINGS_PREFIX}/{name}"


def load_settings() -> PluginSettings:
    store = QgsSettings()
    values = {}
    defaults = PluginSettings()
    for f in fields(PluginSettings):
        default = getattr(defaults, f.name)
        values[f.name] = store.value(_key(f.name), default, type=type(default))
    return PluginSettings(**values)


def save_settings(settings: PluginSettings) -> None:
    store = QgsSettings()
    for f in fields(PluginSettings):
        store.setValue(_key(f.name), getattr(settings, f.name))
