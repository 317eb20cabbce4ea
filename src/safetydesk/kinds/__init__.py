"""Every record kind: one module each, holding its ORM model and its registry declaration.

Modules are discovered, so adding a kind is one module here plus a migration. Importing this
package registers them all.
"""

from __future__ import annotations

import importlib
import pkgutil


def _load_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


_load_all()
