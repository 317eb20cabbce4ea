"""Use-cases. Take a session factory, return plain data (dataclasses, dicts), never live ORM rows."""
