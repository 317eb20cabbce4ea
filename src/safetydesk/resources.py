"""Locate bundled resources (fonts, translations, checklists) in a source tree or a frozen build."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The `resources/` folder: beside the frozen executable's bundle, or at the repository root."""
    override = os.environ.get("SAFETYDESK_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "resources"
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("SafetyDesk resources folder not found; set SAFETYDESK_RESOURCES")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


CJK_FONT_FILE = ("fonts", "wqy-microhei.ttc")


def cjk_font_path() -> Path:
    return resource(*CJK_FONT_FILE)
