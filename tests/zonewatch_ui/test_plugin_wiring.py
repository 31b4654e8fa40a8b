"""The plugin is what Airflow 3.3 expects, and both ways of running Airflow load it from plugins/."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import yaml
from airflow.plugins_manager import AirflowPlugin

REPO = Path(__file__).resolve().parents[2]


def test_plugin_module_in_the_plugins_folder_exposes_the_plugin() -> None:
    spec = importlib.util.spec_from_file_location(
        "zonewatch_ui_plugin", REPO / "plugins" / "zonewatch_ui_plugin.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plugin = module.ZonewatchUIPlugin
    assert issubclass(plugin, AirflowPlugin) and plugin.name == "zonewatch_ui"
    (app,) = plugin.fastapi_apps
    assert app["url_prefix"] == "/zonewatch" and not app["url_prefix"].startswith(("/api", "/ui", "/auth"))
    (view,) = plugin.external_views
    assert view["href"] == "/zonewatch/" and view["destination"] == "nav" and view["url_route"]
    assert not getattr(plugin, "react_apps", []), "React apps are experimental in Airflow 3.3: not used"


def test_make_airflow_and_compose_point_airflow_at_the_plugins_folder(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        launcher = importlib.import_module("airflow_local")
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert launcher.local_env(tmp_path, 8080)["AIRFLOW__CORE__PLUGINS_FOLDER"] == str(REPO / "plugins")
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    env = compose["x-airflow-common"]["environment"]
    # The image copies the repo to /opt/zonewatch (Dockerfile), so plugins/ is there.
    assert env["AIRFLOW__CORE__PLUGINS_FOLDER"] == "/opt/zonewatch/plugins"
    assert "COPY --chown=airflow:0 . /opt/zonewatch" in (REPO / "Dockerfile").read_text(encoding="utf-8")
