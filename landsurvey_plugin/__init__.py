"""QGIS entry point. Only ``classFactory`` lives here; ``plugin.py`` is the composition root."""


def classFactory(iface):
    from landsurvey_plugin.plugin import LandSurveyPlugin

    return LandSurveyPlugin(iface)
