"""Reads for the public portal."""

from types import SimpleNamespace
from typing import Any


def get_site_profile() -> Any:
    # Replaced by the configurable site profile (portal issue work).
    return SimpleNamespace(name="重庆市铜梁区人民政府")
