"""Alembic environment and the linear chain of schema revisions."""
