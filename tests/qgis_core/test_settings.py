"""Typed settings round-trip through the real QgsSettings."""

from qgis.core import QgsSettings

from landsurvey_plugin.toolbelt.settings import PluginSettings, load_settings, save_settings


def test_defaults_then_round_trip():
    store = QgsSettings()
    store.remove("landsurvey_plugin")
    assert load_settings() == PluginSettings()
    save_settings(PluginSettings(profile_id="2024-guizhou", dltb_layer_name="DLTB2024", debug=True))
    loaded = load_settings()
    assert loaded.profile_id == "2024-guizhou"
    assert loaded.dltb_layer_name == "DLTB2024"
    assert loaded.debug is True
    assert store.value("landsurvey_plugin/profile_id") == "2024-guizhou"
    store.remove("landsurvey_plugin")
