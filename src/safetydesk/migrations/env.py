"""Alembic environment: always run with a connection handed in by services.storage."""

from __future__ import annotations

from alembic import context

from safetydesk.models.metadata import target_metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when a developer runs the alembic CLI by hand
    from sqlalchemy import create_engine

    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()



def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render our UTCDateTime as a plain DateTime so revisions never import model code."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime()"
    return False


def _include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """The FTS5 search table and its shadow tables are managed by hand in their migration."""
    return not (type_ == "table" and name and name.startswith("record_fts"))


context.configure(
    connection=connection,
    render_item=_render_item,
    include_object=_include_object,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
