"""Main-window extensions: one module per feature that adds pages, actions, banners or badges.

Each module defines `install(window: MainWindow) -> None` and talks to the window only through its
extension API (see ui/main_window.py): `add_page`, `add_action`, `add_banner`,
`add_status_widget`, the `changed` / `page_shown` signals, `announce`, `when_ready` for its first
database query. An extension never sets attributes on the window nor replaces its methods; what it
keeps lives in its own objects (parented to the window, so they live as long as it).

Modules are discovered, so a feature plugs in without editing main_window.py. `install` runs while
the window is built, possibly before the database layer is loaded: extension modules import only
PySide6 and light modules at the top, and import services where they use them (on the DB thread
or once the window is ready). Modules whose name starts with "_" are such helpers, not extensions.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def extension_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}")
            for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
            if not m.name.startswith("_")]
