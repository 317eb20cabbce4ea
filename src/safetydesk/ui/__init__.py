"""The PySide6 user interface. Widgets call services; they never open database sessions."""
