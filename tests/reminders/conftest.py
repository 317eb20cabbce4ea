"""The sync tests' school-and-township pair, reused: real keys, trust confirmed by the digits."""

from __future__ import annotations

from tests.sync.conftest import _pair_template, pair  # noqa: F401  (fixtures)
