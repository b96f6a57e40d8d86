#!/usr/bin/env python3
"""Open the real QGIS desktop with the packaged plugin and the demo county.

With a screen (``$DISPLAY``) QGIS stays open for you. Without one, Xvfb is started, a
screenshot of the window is saved and its path printed, and QGIS is closed again.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.desktop.qgis_desktop import (  # noqa: E402
    display,
    make_profile,
    run_qgis,
    venv_site_packages,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--locale", default="zh-Hans", help="QGIS UI locale for the demo profile")
    args = parser.parse_args(argv)
    build: Path = args.build
    python = sys.executable

    subprocess.run([python, str(ROOT / "scripts" / "package.py")], check=True)
    demo = build / "demo"
    project = demo / "county.qgs"
    if not project.is_file():
        subprocess.run(
            [python, str(ROOT / "scripts" / "make_demo_data.py"), "--out", str(demo)], check=True
        )
    zips = sorted((ROOT / "dist").glob("landsurvey_plugin-*.zip"))
    profile_root = make_profile(build / "qgis-profile", zips[-1], args.locale)
    log_file = build / "qgis-desktop.log"
    log_file.unlink(missing_ok=True)
    probe_out = build / "desktop-probe.json"
    screenshot = build / "screenshot.png"
    interactive = bool(os.environ.get("DISPLAY"))
    with display() as name:
        env = {
            "LANDSURVEY_PROBE_OUT": str(probe_out),
            "LANDSURVEY_SCREENSHOT": str(screenshot),
            "LANDSURVEY_KEEP_OPEN": "1" if interactive else "0",
        }
        result = run_qgis(
            profile_root,
            name,
            project,
            ROOT / "scripts" / "desktop" / "probe.py",
            log_file,
            timeout=24 * 3600 if interactive else 300,
            extra_env=env,
            python_path=venv_site_packages(),
        )
    facts = json.loads(probe_out.read_text(encoding="utf-8")) if probe_out.is_file() else {}
    print(json.dumps(facts, ensure_ascii=False, indent=2))
    print(f"QGIS exit code: {result.returncode}; log: {log_file}")
    if screenshot.is_file():
        print(f"screenshot: {screenshot}")
    ok = facts.get("plugin_loaded") and facts.get("provider")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
