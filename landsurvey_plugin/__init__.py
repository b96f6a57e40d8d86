"""QGIS entry point. Only ``classFactory`` lives here; ``plugin.py`` is the composition root."""


def classFactory(iface):
    # Before any module of the plugin imports shapely: its bundled GEOS must bind to itself,
    # not to the system GEOS the QGIS executable has loaded (see the function's docstring).
    from landsurvey_plugin.toolbelt.dependencies import import_shapely_with_its_own_geos

    import_shapely_with_its_own_geos()
    from landsurvey_plugin.plugin import LandSurveyPlugin

    return LandSurveyPlugin(iface)
