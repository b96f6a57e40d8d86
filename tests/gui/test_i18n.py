"""zh_CN is chosen by the QGIS locale and text is translated when shown."""

from __future__ import annotations

from qgis.core import QgsSettings

from landsurvey_plugin.toolbelt.i18n import install_translator, qgis_locale, remove_translator, tr
from landsurvey_plugin.toolbelt.paths import i18n_dir
from scripts.package import compile_translations


def test_zh_cn_translator_translates_at_call_time():
    compile_translations(i18n_dir())
    assert tr("Land Survey") == "Land Survey"
    translator = install_translator("zh_CN")
    try:
        assert translator is not None
        assert tr("Land Survey") == "国土变更调查"
        assert tr("Recompute areas of selected parcels") == "重算所选图斑面积"
    finally:
        remove_translator(translator)
    assert tr("Land Survey") == "Land Survey"


def test_locale_follows_qgis_override():
    settings = QgsSettings()
    old_flag = settings.value("locale/overrideFlag")
    old_locale = settings.value("locale/userLocale")
    try:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", "zh_CN")
        assert qgis_locale() == "zh_CN"
    finally:
        settings.setValue("locale/overrideFlag", old_flag if old_flag is not None else False)
        if old_locale is not None:
            settings.setValue("locale/userLocale", old_locale)


def test_unknown_locale_installs_nothing():
    assert install_translator("xx_YY") is None


def test_qgis_chinese_locale_name_maps_to_zh_cn():
    compile_translations(i18n_dir())
    translator = install_translator("zh-Hans")  # what QGIS calls its own zh_CN catalogue
    try:
        assert translator is not None
        assert tr("Land Survey") == "国土变更调查"
    finally:
        remove_translator(translator)
