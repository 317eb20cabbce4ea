"""Signed, encrypted packages between a school and its township (see docs/sync.md)."""
