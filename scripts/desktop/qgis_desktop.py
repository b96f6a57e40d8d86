"""Start the real QGIS desktop with the packaged plugin in a dedicated profile.

Shared by ``scripts/run_demo.sh`` (the newcomer's first command) and the desktop smoke
test, so both start QGIS the same way: a fresh profile folder that enables the plugin,
a ``PYQGIS_STARTUP`` script that copies every QGIS log message to a file (plugin errors included),
Xvfb when there is no display, and a probe script run inside the application.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

PLUGIN = "landsurvey_plugin"

STARTUP = r"""
# Written by scripts/desktop/qgis_desktop.py: copy every log message to a file.
import os
from qgis.core import QgsApplication

_LOG = os.environ.get("LANDSURVEY_QGIS_LOG")


def _landsurvey_log(message, tag, level):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"[{tag}] [{int(level)}] {message}\n")


QgsApplication.messageLog().messageReceived.connect(_landsurvey_log)
"""

INI = """[PythonPlugins]
{plugin}=true

[qgis]
checkVersion=false
showTips=false
showTips322=false
showTips323=false
allowVersionCheck=false
migrateSettingsOnStartup=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true

[UI]
hidePluginNotification=true
"""


def make_profile(root: Path, plugin_zip: Path, locale: str | None = None) -> Path:
    """A fresh profiles folder: ``profiles/default`` with the plugin installed from the zip."""
    profile = root / "profiles" / "default"
    if profile.exists():
        shutil.rmtree(profile)
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins)
    (root / "startup.py").write_text(STARTUP, encoding="utf-8")
    ini = INI.format(plugin=PLUGIN)
    if locale:
        ini += f"\n[locale]\noverrideFlag=true\nuserLocale={locale}\n"
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(ini, encoding="utf-8")
    return root


@contextmanager
def display():
    """Yield a DISPLAY: the current one, or an Xvfb started (and stopped) here."""
    if os.environ.get("DISPLAY") and not os.environ.get("LANDSURVEY_FORCE_XVFB"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        raise RuntimeError("No display and no Xvfb: apt-get install xvfb")
    number = 99
    while Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.1)
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def qgis_env(
    profile_root: Path, display_name: str, log_file: Path, python_path: list[str] | None = None
) -> dict[str, str]:
    """The desktop's environment; ``python_path`` adds e.g. the venv's site-packages."""
    env = dict(os.environ)
    env["PYQGIS_STARTUP"] = str(profile_root / "startup.py")
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join(python_path)
    else:
        env.pop("PYTHONPATH", None)
    env.pop("QT_QPA_PLATFORM", None)  # offscreen aborts the desktop in QgsClipboard
    env.pop("QGIS_PLUGINPATH", None)  # only the profile's installed copy must load
    env["DISPLAY"] = display_name
    env["LANDSURVEY_QGIS_LOG"] = str(log_file)
    env["QGIS_DISABLE_MESSAGE_HOOKS"] = "1"
    env.setdefault("XDG_RUNTIME_DIR", str(profile_root / "xdg"))
    Path(env["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def run_qgis(
    profile_root: Path,
    display_name: str,
    project: Path | None,
    code: Path | None,
    log_file: Path,
    timeout: float = 300,
    extra_env: dict[str, str] | None = None,
    python_path: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``qgis`` until the probe script quits it; raise on timeout."""
    cmd = ["qgis", "--profiles-path", str(profile_root), "--nologo"]
    if code is not None:
        cmd += ["--code", str(code)]
    if project is not None:
        cmd += ["--project", str(project)]
    env = qgis_env(profile_root, display_name, log_file, python_path)
    env.update(extra_env or {})
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def venv_site_packages() -> list[str]:
    """Site-packages of the interpreter running this (the project venv), for the desktop."""
    import site

    return [p for p in site.getsitepackages() if "dist-packages" not in p]
