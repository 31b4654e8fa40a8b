"""The Airflow 3 plugin: the zone pages' FastAPI app under /zonewatch and a 园区监测 entry in the nav.

Loaded from plugins/zonewatch_ui_plugin.py (AIRFLOW__CORE__PLUGINS_FOLDER, set by `make airflow` and
the compose stack). Uses only the stable plugin interface (fastapi_apps, external_views).
"""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from zonewatch_ui.app import app

URL_PREFIX = "/zonewatch"


class ZonewatchUIPlugin(AirflowPlugin):
    name = "zonewatch_ui"
    fastapi_apps = [{"app": app, "url_prefix": URL_PREFIX, "name": "zonewatch 园区监测"}]
    external_views = [
        {
            "name": "园区监测",
            "href": f"{URL_PREFIX}/",
            "destination": "nav",
            "category": "browse",
            "url_route": "zonewatch",
        }
    ]
