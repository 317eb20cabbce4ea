"""Kinds of organisation and school (domain.md §0)."""

from __future__ import annotations

SCHOOL, TOWNSHIP = "school", "township"
SCHOOL_TYPES = ("primary", "middle", "nine_year", "kindergarten", "teaching_point")
