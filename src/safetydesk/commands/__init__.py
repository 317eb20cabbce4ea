"""Command-line sub-commands: one module per area, each exposing `register(sub, common)`.

`register` adds its sub-parsers to `sub` (an argparse sub-parsers action), passing
`parents=[common]` so the global options also work after the command name, and sets
`func=run_function` with the signature `run_function(args, ctx: CommandContext) -> int`.
Modules are discovered, so a new command is one module here.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_modules() -> list[ModuleType]:
    out = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            out.append(importlib.import_module(f"{__name__}.{info.name}"))
    return out
