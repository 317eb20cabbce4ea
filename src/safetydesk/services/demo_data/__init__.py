"""The demo rows of every record kind, kept out of the kind declarations (safetydesk.kinds).

Convention for adding a kind's demo rows (one module here per module of safetydesk.kinds, with the
same name: kinds/hazards.py -> demo_data/hazards.py):

- A maker takes the DemoContext (safetydesk.domain.demo) and returns a list of field values
  (attr -> value) for new records of one kind, in the Python types forms use (str, int, float,
  bool, date, aware datetime, choice codes, uuids for references). Register it with
  `@demo_rows("kind_key")`; the key must be a registered kind, and a kind has at most one maker
  (both are refused at import time). Returning [] is fine when there is nothing to make.
- services.demo saves the rows through the ordinary records service (workflow=True), so every
  rule holds; only kinds whose `owner_role` is the installation's role are filled.
- Kinds are filled in registry order (safetydesk.kinds modules by name, then declaration order),
  not in the order of these modules. `ctx.records[kind_key]` lists the uuids already made for
  earlier kinds, so a maker may link only to kinds registered before its own.
- `ctx.rng` is one seeded stream shared by every maker in fill order: a new maker that draws from
  it shifts the rows of every kind filled after it. Draw from your own
  `random.Random(<constant>)` instead, or stay deterministic, so the existing demo data stays the
  same (tests/unit/test_demo_fill.py pins it; update its numbers only for a change you mean).
- Helpers that only demo makers use live here too (underscore modules such as `_picks.py` are not
  maker modules and are not discovered); tests/unit/test_kinds_rules.py checks that every maker's
  rows are valid records.

Modules are discovered with pkgutil when this package is imported; the frozen build bundles them
through build.spec's `collect_submodules("safetydesk.services")`. Runs on whichever thread fills
the demo (the command line, or a test); nothing here touches the database.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import safetydesk.kinds  # noqa: F401  (every kind registered, so maker keys can be checked)
from safetydesk.domain.demo import DemoContext
from safetydesk.domain.registry import all_kinds

DemoMaker = Callable[[DemoContext], list[dict[str, Any]]]

_MAKERS: dict[str, DemoMaker] = {}


def demo_rows(kind_key: str) -> Callable[[DemoMaker], DemoMaker]:
    """Register the decorated function as the maker of `kind_key`'s demo rows."""

    def register(maker: DemoMaker) -> DemoMaker:
        if kind_key not in {k.key for k in all_kinds()}:
            raise ValueError(f"demo rows for unknown record kind {kind_key!r}")
        if kind_key in _MAKERS:
            raise ValueError(f"demo rows for {kind_key!r} registered twice")
        _MAKERS[kind_key] = maker
        return maker

    return register


def maker_for(kind_key: str) -> DemoMaker | None:
    """The maker of `kind_key`'s demo rows, or None when the kind has no demo rows."""
    return _MAKERS.get(kind_key)


def _load_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_load_all()
