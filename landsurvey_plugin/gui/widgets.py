"""What the docks share in how they look: their icons and their tool buttons, so that the
results, single-layer and photo docks read as one plugin."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QToolButton, QWidget

from landsurvey_plugin.toolbelt.paths import icon_path


def plugin_icon(name: str) -> QIcon:
    """One of the plugin's own icons (resources/icons)."""
    return QIcon(str(icon_path(name)))


def theme_icon(name: str) -> QIcon:
    """A QGIS theme icon: the user's theme, and QGIS's meaning for it (e.g. add raster)."""
    return QgsApplication.getThemeIcon(name)


def tool_button(parent: QWidget, name: str, text: str, icon: QIcon, tip: str) -> QToolButton:
    """A flat text-beside-icon button with a stable object name (tests and scripts find it)."""
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setIcon(icon)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
    return button
