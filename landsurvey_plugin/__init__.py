"""QGIS entry point. Only ``classFactory`` lives here; ``plugin.py`` is the composition root."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from landsurvey_plugin.plugin import LandSurveyPlugin

    return LandSurveyPlugin(iface)
