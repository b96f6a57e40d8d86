"""The packaged zip installed into a fresh profile and started in the real QGIS desktop."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from scripts.desktop.qgis_desktop import display, make_profile, run_qgis, venv_site_packages
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(shutil.which("qgis") is None, reason="QGIS desktop not installed"),
]
PROBE = ROOT / "scripts" / "desktop" / "probe.py"


def start(tmp_path, zip_path, project=None, python_path=None, locale="zh-Hans", env=None):
    profile = make_profile(tmp_path / "profile", zip_path, locale)
    log_file = tmp_path / "qgis.log"
    out = tmp_path / "probe.json"
    shot = tmp_path / "screenshot.png"
    with display() as name:
        result = run_qgis(
            profile,
            name,
            project,
            PROBE,
            log_file,
            timeout=300,
            extra_env={
                "LANDSURVEY_PROBE_OUT": str(out),
                "LANDSURVEY_SCREENSHOT": str(shot),
                "LANDSURVEY_FORCE_XVFB": "1",
                **(env or {}),
            },
            python_path=python_path,
        )
    assert out.is_file(), f"probe did not run: rc={result.returncode}\n{result.stderr[-3000:]}"
    log = log_file.read_text(encoding="utf-8") if log_file.is_file() else ""
    return json.loads(out.read_text(encoding="utf-8")), log, shot


def clean_run_with_screenshot(facts: dict, log: str, shot, name: str) -> None:
    """No Python error in QGIS's log, a real screenshot, kept as build/<name> (the README's
    images are taken from there)."""
    assert "[Python error]" not in log and "Traceback" not in log, log
    assert facts["screenshot_saved"] and shot.stat().st_size > 10_000
    (ROOT / "build").mkdir(exist_ok=True)
    shutil.copyfile(shot, ROOT / "build" / name)


def test_plugin_starts_in_real_qgis_with_demo_project(packaged_plugin, demo_county, tmp_path):
    _, zip_path = packaged_plugin
    facts, log, shot = start(
        tmp_path, zip_path, demo_county / "county.qgs", python_path=venv_site_packages()
    )
    assert facts["plugin_loaded"], facts
    assert "landsurvey_plugin" in facts["active_plugins"]
    assert facts["provider"] and "landsurvey:computeareas" in facts["algorithms"]
    assert "LandSurveyRecomputeAreas" in facts["toolbar_actions"]
    assert "重算所选图斑面积" in facts["toolbar_texts"], "zh_CN profile: translated UI"
    assert any(name.endswith(" DLTB") for name in facts["layers"]), facts["layers"]
    assert facts["invalid_layers"] == []
    assert "[Python error]" not in log and "Traceback" not in log, log
    assert "Land Survey" in log  # our own start-up line reached the QGIS log panel
    assert facts["screenshot_saved"] and shot.stat().st_size > 10_000


def test_run_checks_from_the_toolbar_fills_the_results_dock(packaged_plugin, demo_county, tmp_path):
    """The one-click check in the real desktop: toolbar action, task, dock, zoom to a problem."""
    _, zip_path = packaged_plugin
    facts, log, shot = start(
        tmp_path,
        zip_path,
        demo_county / "county.qgs",
        python_path=venv_site_packages(),
        env={"LANDSURVEY_PROBE_RUN_CHECKS": "1"},
    )
    assert "LandSurveyRunChecks" in facts["toolbar_actions"]
    assert facts["dock"] and facts["dock_visible"], facts
    assert facts["dock_area"] == 2, "docked right (Qt.RightDockWidgetArea)"
    assert facts["checks_finished"] is True, facts
    assert facts["dock_findings"] > 0
    categories = " ".join(facts["dock_categories"])
    assert "拓扑" in categories and "属性" in categories, facts["dock_categories"]
    assert any(rule.startswith("地类图斑") for rule in facts["dock_rules"]), "zh rule titles"
    assert "举证照片" in categories, "the project's photos layer is checked (evidence)"
    assert "LandSurveyResultsTree" in facts["dock_children"]
    assert "LandSurveyResultsSummary" in facts["dock_children"] and facts["dock_summary"]
    clean_run_with_screenshot(facts, log, shot, "screenshot-checks.png")


def test_single_layer_dock_lists_the_layers_and_applies_the_ttq_fix(
    packaged_plugin, demo_county, tmp_path
):
    """The single-layer dock in the real desktop: four layers with counts, the consistency
    check, and the fix of the 推(堆)土区 range over a parcel that became construction land."""
    _, zip_path = packaged_plugin
    facts, log, shot = start(
        tmp_path,
        zip_path,
        demo_county / "county.qgs",
        python_path=venv_site_packages(),
        env={"LANDSURVEY_PROBE_SINGLE_LAYERS": "1"},
    )
    assert "single_error" not in facts, facts.get("single_error")
    assert "LandSurveySingleLayers" in facts["toolbar_actions"]
    assert facts["single_dock_visible"] and facts["single_dock_area"] == 2, "docked right"
    rows = {row["id"]: row["texts"] for row in facts["single_rows"]}
    for layer_id in ("TTQ", "GFBQ", "CCWJQ", "GCHZZ"):
        name, table, status, count, area, mu = rows[layer_id]
        assert name and float(mu.replace(",", "")) > 0, rows[layer_id]
        assert table == layer_id and status.endswith(layer_id), rows[layer_id]
        assert int(count) > 0 and float(area.replace(",", "")) > 0, rows[layer_id]
    defects = json.loads((demo_county / "defects.json").read_text(encoding="utf-8"))["defects"]
    planted = {d["kind"]: d["key"] for d in defects if d["kind"].endswith("_wrong_host")}
    listed = {(c["layer"], key) for c in facts["single_conflicts"] for key in c["keys"]}
    for kind, key in planted.items():
        assert (kind.split("_")[0].upper(), key) in listed, kind
    assert all(texts[0] and texts[2] for texts in facts["single_conflict_texts"])
    assert facts["single_ttq_key"] == planted["ttq_wrong_host"]
    assert facts["single_applied"] == 1
    assert facts["single_ttq_after"] == facts["single_ttq_before"] - 1
    assert planted["ttq_wrong_host"] not in facts["single_ttq_keys_after"], "range deleted"
    assert not any(
        c["layer"] == "TTQ" and planted["ttq_wrong_host"] in c["keys"]
        for c in facts["single_conflicts_after"]
    )
    after = {row["id"]: row["texts"] for row in facts["single_rows_after"]}
    assert int(after["TTQ"][3]) == facts["single_ttq_after"], "the counts follow the edit"
    assert facts["single_digitise"] and facts["single_snapping"]
    assert facts["single_active_layer"].endswith("TTQ")
    assert facts["single_digitise_tool_is_add_feature"], "QGIS's own add-feature tool"
    clean_run_with_screenshot(facts, log, shot, "screenshot-single-layers.png")


def test_worklist_walked_with_the_keyboard(packaged_plugin, demo_county, tmp_path):
    """The review worklist in the real desktop: built from the changes against 2023, walked
    and marked with the keyboard shortcuts sent to the QGIS window."""
    _, zip_path = packaged_plugin
    facts, log, shot = start(
        tmp_path,
        zip_path,
        demo_county / "county.qgs",
        python_path=venv_site_packages(),
        env={"LANDSURVEY_PROBE_WORKLIST": "1"},
    )
    assert "worklist_error" not in facts, facts.get("worklist_error")
    assert facts["worklist_dock_visible"] and facts["worklist_dock_area"] == 2, "docked right"
    assert facts["worklist_built"] and facts["worklist_length"] > 5
    assert facts["worklist_cursor"] == 3, "three steps on, one back, one on"
    assert facts["worklist_selected"] == [facts["worklist_current_fid"]]
    assert facts["worklist_parcel_in_view"]
    assert [m[1:] for m in facts["worklist_marks"]] == [
        ["reviewed", "地类与影像一致"],
        ["field_visit", "需外业核查"],
    ]
    assert facts["worklist_marks"][1][0] == facts["worklist_current_key"]
    assert facts["worklist_shortcut_clashes"] == {}, "no QGIS action uses our keys"
    ours = set(facts["worklist_shortcuts"].values())
    assert not ours & set(facts["ctrl_alt_taken"]), facts["ctrl_alt_taken"]
    assert facts["worklist_shortcuts"]["LandSurveyWorklistNext"] == "Ctrl+Alt+."
    assert "LandSurveyWorklistView" in facts["worklist_children"]
    assert "LandSurveyWorklistExpression" in facts["worklist_children"]
    clean_run_with_screenshot(facts, log, shot, "screenshot-worklist.png")


def test_missing_dependencies_are_named_not_a_traceback(packaged_plugin, tmp_path):
    """Debian's own Python without the venv: shapely 2 is missing, and the user is told so."""
    _, zip_path = packaged_plugin
    check = subprocess.run(
        ["/usr/bin/python3", "-c", "import shapely, sys; sys.exit(shapely.__version__ < '2')"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
    )
    system_has_shapely = check.returncode == 0
    if system_has_shapely:
        pytest.skip("Debian's Python has shapely: nothing is missing")
    facts, log, _ = start(tmp_path, zip_path, python_path=None, locale="en_US")
    assert facts["plugin_loaded"]
    assert facts["toolbar_actions"] == ["LandSurveyMissingDependencies"]
    assert not facts["provider"]
    assert "shapely >= 2.0" in log and "not installed" in log
    assert "Traceback" not in log


def test_photo_dock_imports_links_and_shows_a_parcel(packaged_plugin, demo_county, tmp_path):
    """Evidence photos in the real desktop: import the demo folder, link, select the parcel
    with the most photos; its photos are listed, decoded and its camera's wedge drawn."""
    _, zip_path = packaged_plugin
    county = tmp_path / "county"
    shutil.copytree(demo_county, county)  # the import and the links write into the GeoPackage
    facts, log, shot = start(
        tmp_path,
        zip_path,
        county / "county.qgs",
        python_path=venv_site_packages(),
        env={"LANDSURVEY_PROBE_PHOTOS": "1"},
    )
    assert "photos_error" not in facts, facts.get("photos_error")
    assert "LandSurveyPhotos" in facts["toolbar_actions"]
    assert facts["photos_dock_visible"]
    for name in ("LandSurveyPhotoStrip", "LandSurveyPhotoView", "LandSurveyPhotoImport"):
        assert name in facts["photos_children"], name
    assert facts["photos_tasks"] == ["import", "link"]
    assert sorted(facts["photos_entries"]) == facts["photos_linked"] and facts["photos_linked"]
    assert facts["photos_shown"].endswith(facts["photos_entries"][0])
    assert min(facts["photos_view_size"]) > 0
    assert facts["photos_wedge_area"] > 0
    clean_run_with_screenshot(facts, log, shot, "screenshot-photos.png")


def test_open_edit_and_split_in_real_qgis(packaged_plugin, demo_county, tmp_path):
    """The operator's day in the real desktop: open the demo county with "Open county
    database", change a cultivated parcel to 乔木林地 in the parcel dock (one undo step that
    undoes exactly), then split a parcel with QGIS's own split tool: the new part gets a new
    BSM and the next TBBH of its 坐落单位, both parts their true ellipsoidal areas."""
    import shapely

    from landsurvey_plugin.model.area import ellipsoidal_areas, parcel_areas
    from landsurvey_plugin.model.gauss_kruger import zone_from_epsg

    _, zip_path = packaged_plugin
    county = tmp_path / "county"
    shutil.copytree(demo_county, county)
    facts, log, shot = start(
        tmp_path,
        zip_path,
        None,  # no project: the county comes in through the plugin's dialog
        python_path=venv_site_packages(),
        env={
            "LANDSURVEY_PROBE_EDIT": "1",
            "LANDSURVEY_PROBE_COUNTY": str(county / "county.gpkg"),
        },
    )
    for key in ("edit_error", "split_error", "open_error"):
        assert key not in facts, facts.get(key)
    # open county database
    assert facts["open_project_before"] == "" and facts["open_layers_before"] == 0
    assert facts["open_dialog"] == "LandSurveyOpenCountyDialog"
    assert facts["open_mapping"]["DLTB"] == "DLTB"
    assert facts["open_mapping"]["DLTB_PREV"] == "DLTB_2023"
    assert facts["open_groups"] == ["county"]
    loaded = facts["open_group_layers"]["county"]
    assert len(loaded) == 8 and loaded[-1].endswith(" DLTB"), "DLTB drawn at the bottom"
    for table in ("DLTB_2023", "XZQ", "CJDCQ", "TTQ", "GFBQ", "CCWJQ", "GCHZZ"):
        assert any(name.endswith(" " + table) for name in loaded), table
    assert facts["invalid_layers"] == []
    assert facts["open_active_layer"] == facts["edit_layer"] and facts["edit_layer"]
    assert any("county.gpkg" in m and "county" in m for m in facts["open_messages"])
    # edit a parcel in the parcel dock
    before, after = facts["edit_before"], facts["edit_after"]
    assert facts["edit_dock_visible"] and facts["edit_dock_area"] == 2
    assert before["DLBM"] == "0103" and before["BSM"] in facts["edit_dock_title"]
    assert before["ZZSXDM"] and before["GDPDJB"] and before["KCXS"] > 0, "a real 耕地 parcel"
    assert facts["edit_badge"], "the dock flags the lost cultivated land before applying"
    assert not facts["edit_editable_before_apply"] and facts["edit_editable_after_apply"]
    assert len(facts["edit_questions"]) == 1, "only the start-editing question"
    assert after["DLBM"] == "0301" and after["DLMC"] == "乔木林地"
    for name in ("ZZSXDM", "ZZSXMC", "GDPDJB", "GDLX", "KCDLBM", "GDDB"):
        assert before[name] is not None and after[name] is None, name
    assert after["KCXS"] == 0 and after["KCMJ"] == 0 and after["TBDLMJ"] == after["TBMJ"]
    untouched = set(before) - set(facts["edit_changed"])
    assert {"BSM", "TBBH", "TBMJ", "ZLDWDM", "QSDWDM"} <= untouched
    assert facts["edit_undo_count"] == 1, "the edit and what it implies: one undo step"
    assert facts["edit_undo_text"].endswith(before["BSM"])
    assert facts["edit_undo_restores"] and facts["edit_undo_diff"] == {}
    assert facts["edit_redo_restores"] and facts["edit_dock_dlbm_after_redo"] == "0301"
    # split a parcel with QGIS's split tool
    assert facts["split_tool_is_qgis"]
    assert facts["split_method"] == "split tool (mouse clicks)"
    assert facts["split_count_after"] == facts["split_count_before"] + 1
    assert facts["split_undo_after"] == facts["split_undo_before"] + 1, "one step per split"
    kept, new = facts["split_parts"]
    original = facts["split_before"]
    assert kept["fid"] == facts["split_fid"] and new["fid"] < 0, "a new feature in the buffer"
    assert (kept["BSM"], kept["TBBH"]) == (original["BSM"], original["TBBH"])
    assert new["BSM"] not in facts["split_bsm_before"] and len(new["BSM"]) == 18
    assert new["BSM"][:6] == original["BSM"][:6]
    assert new["ZLDWDM"] == kept["ZLDWDM"] == original["ZLDWDM"]
    assert new["TBBH"] == str(facts["split_tbbh_max_before"] + 1), "next TBBH in its 坐落单位"
    assert facts["split_crs"] == "EPSG:4524"
    zone = zone_from_epsg(4524)
    total = 0.0
    for part in (kept, new):
        shape = shapely.from_wkt(part["wkt"])
        expected = parcel_areas(float(ellipsoidal_areas([shape], zone)[0]), part["KCXS"])
        assert part["TBMJ"] == pytest.approx(expected.tbmj, abs=1e-9), part
        assert part["KCMJ"] == pytest.approx(expected.kcmj, abs=1e-9), part
        assert part["TBDLMJ"] == pytest.approx(expected.tbdlmj, abs=1e-9), part
        assert part["expected"]["TBMJ"] == pytest.approx(expected.tbmj, abs=1e-9)
        assert part["TBMJ"] > 0.3 * original["TBMJ"], "split across the middle"
        total += part["TBMJ"]
    assert total == pytest.approx(original["TBMJ"], abs=0.05), "the parts add up"
    assert sorted(facts["split_selected"]) == sorted([kept["fid"], new["fid"]])
    assert facts["split_in_view"] and facts["split_dock_visible"]
    assert new["BSM"] in facts["split_dock_title"], "the dock shows the new part"
    clean_run_with_screenshot(facts, log, shot, "screenshot-editing.png")


def test_one_click_with_the_dom_loaded_shows_imagery_findings_and_chips(
    packaged_plugin, demo_county, tmp_path
):
    """With the DOM (and the previous image, named 前时相) loaded, one click on Run checks
    lists the imagery problems; selecting a pixel-content finding shows its image chip."""
    from landsurvey_plugin.adapters.image_chips import CAPTION_PX, CHIP_SIZE, GAP_PX

    _, zip_path = packaged_plugin
    county = tmp_path / "county"
    shutil.copytree(demo_county, county)
    facts, log, shot = start(
        tmp_path,
        zip_path,
        county / "county.qgs",
        python_path=venv_site_packages(),
        env={"LANDSURVEY_PROBE_IMAGERY": "1"},
    )
    assert "imagery_error" not in facts, facts.get("imagery_error")
    assert facts["checks_finished"] is True, facts
    side = json.loads((county / "defects.json").read_text(encoding="utf-8"))["imagery"]
    assert facts["imagery_labels"] == {
        "current": len(side["current"]),
        "previous": len(side["previous"]),
    }
    assert facts["imagery_category_title"] == "影像"
    assert any(c.startswith("影像") for c in facts["dock_categories"])
    rules = facts["imagery_rules"]
    for rule in (
        "imagery_cultivated_looks_built",
        "imagery_class_mismatch",
        "imagery_change_unrecorded",
        "imagery_date_unknown",
        "imagery_older_than_previous",
    ):
        assert rules[rule]["count"] > 0, rule
        assert rules[rule]["title"] and not rules[rule]["title"].isascii(), "zh rule titles"
    assert facts["imagery_selected_rule"] == facts["imagery_chosen_rule"]
    assert facts["imagery_chosen_rule"] == "imagery_cultivated_looks_built"
    assert facts["imagery_chip_visible"]
    width, height = facts["imagery_chip_size"]
    assert (width, height) == (2 * CHIP_SIZE + GAP_PX, CHIP_SIZE + CAPTION_PX), "both dates"
    assert facts["imagery_chip_shown_size"][0] >= width, "the whole chip fits the dock"
    clean_run_with_screenshot(facts, log, shot, "screenshot-imagery.png")
