"""SQL functions the code writes SQLite's way, rendered for PostgreSQL too (issue 16.5).

`func.instr(a, b)`, `func.json_extract(a, '$.k')` and `func.sd_open(a, 'table.col')` are SQLite
functions (the last one registered per connection by services.field_crypto). Registering them
here as SQLAlchemy generic functions keeps every call site unchanged and gives each a PostgreSQL
rendering: `strpos`, a JSON path read giving SQLite's 1/0 for booleans, and the stored value
itself for `sd_open` (a hub on PostgreSQL cannot call back into Python, so a sealed value stays
sealed to SQL search there, as it does on SQLite when nobody has signed in). Imported by
models.base, so it is in place before any query is built. Any thread.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class instr(GenericFunction[int]):
    type = Integer()
    inherit_cache = True


class json_extract(GenericFunction[Any]):
    inherit_cache = True


class sd_open(GenericFunction[Any]):
    inherit_cache = True


def _args(element: Any, compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(c, **kw) for c in element.clauses]


@compiles(instr, "postgresql")
def _instr_pg(element: Any, compiler: Any, **kw: Any) -> str:
    a, b = _args(element, compiler, **kw)
    return f"strpos({a}, {b})"


@compiles(json_extract, "postgresql")
def _json_extract_pg(element: Any, compiler: Any, **kw: Any) -> str:
    clauses = list(element.clauses)
    path = clauses[1].value if hasattr(clauses[1], "value") else None
    if not isinstance(path, str) or not path.startswith("$."):
        raise NotImplementedError("json_extract on PostgreSQL takes a literal '$.key' path")
    target = compiler.process(clauses[0], **kw)
    keys = "{" + ",".join(path[2:].split(".")) + "}"
    found = f"(CAST({target} AS jsonb) #> '{keys}')"
    # Numbers and booleans (the settings read in SQL are flags); SQLite gives 1/0 for true/false.
    return (f"(CASE jsonb_typeof({found}) WHEN 'boolean' THEN CAST(CAST({found} AS boolean) AS integer) "
            f"WHEN 'number' THEN CAST(CAST({found} AS text) AS numeric) END)")


@compiles(sd_open, "postgresql")
def _sd_open_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)
