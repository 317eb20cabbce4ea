"""Main-window extensions: one module per feature that adds actions, banners or badges.

Each module defines `install(window) -> None`; modules are discovered, so a feature (the incident
clock banner, hazard badges...) plugs in without editing main_window.py.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def extension_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}")
            for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
            if not m.name.startswith("_")]
