"""County rules tests: a school and its township (real installations, tests/sync/conftest.py),
and a county whose signing key is real."""

from __future__ import annotations

from tests.county.conftest import _county_template, net  # noqa: F401  (fixtures)
from tests.sync.conftest import _pair_template, pair  # noqa: F401  (fixtures)
from tests.township.network import moving_clock  # noqa: F401  (fixture)
