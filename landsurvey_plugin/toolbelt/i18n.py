"""Translation: ``tr`` at the moment text is shown, and the zh_CN catalogue per QGIS locale.

Never build a module constant with ``tr()``: it would be translated before the translator
is installed, i.e. never.
"""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from landsurvey_plugin.toolbelt.paths import i18n_dir

CONTEXT = "LandSurvey"
_SCRIPT_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW"}


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)


def qgis_locale() -> str:
    """The locale QGIS itself uses (user override first), e.g. ``zh_CN`` or ``en``."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return str(settings.value("locale/userLocale", "en_US"))
    return QLocale.system().name()


def current_lang() -> str:
    """``zh`` when QGIS runs in Chinese, else ``en``: the language of rule messages and reports."""
    return "zh" if qgis_locale().lower().startswith("zh") else "en"


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load ``i18n/landsurvey_<locale>.qm`` (falling back to the language) and install it."""
    locale = locale or qgis_locale()
    # QGIS names its own Chinese catalogues zh-Hans / zh-Hant; ours follow Qt's zh_CN
    locale = _SCRIPT_LOCALES.get(locale, locale)
    candidates = [locale, locale.split("_")[0]]
    for name in candidates:
        qm = i18n_dir() / f"landsurvey_{name}.qm"
        if qm.is_file():
            translator = QTranslator()
            if translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
