"""SQLAlchemy 2 typed ORM models, the database engine and its pragmas."""
