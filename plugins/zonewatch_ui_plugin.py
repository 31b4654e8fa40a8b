"""Airflow's plugins folder entry for the zone pages; the code lives in the installed zonewatch_ui package."""

from zonewatch_ui.plugin import ZonewatchUIPlugin

__all__ = ["ZonewatchUIPlugin"]
