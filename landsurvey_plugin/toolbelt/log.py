"""Logging to the QGIS log panel (tab "Land Survey") and, for users, the message bar."""

from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog

from landsurvey_plugin.toolbelt.metadata import LOG_TAG


def log(message: str, level: Qgis.MessageLevel = Qgis.Info, push: bool = False) -> None:
    """Write to the plugin's log tab; ``push`` also shows it in the message bar of the desktop."""
    QgsMessageLog.logMessage(message, LOG_TAG, level, notifyUser=push)


def log_warning(message: str) -> None:
    log(message, Qgis.Warning)


def log_error(message: str) -> None:
    log(message, Qgis.Critical)
