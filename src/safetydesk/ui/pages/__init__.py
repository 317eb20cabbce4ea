"""Pages. A specialised page for a record kind registers itself here and replaces the generic
list page in the navigation: `register_kind_page("hazard", HazardPage)` in a module named
`kind_<something>.py` in this package (discovered). The class is built like RecordListPage:
`cls(workspace, runner, kind, settings, parent)`.
"""

from __future__ import annotations

import importlib
import pkgutil

_KIND_PAGES: dict[str, type] = {}
_loaded = False


def register_kind_page(kind_key: str, page_class: type) -> None:
    _KIND_PAGES[kind_key] = page_class


def kind_page_class(kind_key: str) -> type:
    global _loaded
    if not _loaded:
        _loaded = True
        for m in pkgutil.iter_modules(__path__):
            if m.name.startswith("kind_"):
                importlib.import_module(f"{__name__}.{m.name}")
    from safetydesk.ui.pages.record_list import RecordListPage

    return _KIND_PAGES.get(kind_key, RecordListPage)
