"""A county of two townships and three schools (tests/county/network.py), copied fresh per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetydesk.paths import DataPaths
from safetydesk.services.storage import open_storage
from tests.county.network import SCHOOLS, TOWNSHIPS, County, make_county
from tests.support import copy_installations
from tests.township.network import moving_clock  # noqa: F401  (fixture)


@pytest.fixture(scope="session")
def _county_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county-template") / "net"
    make_county(root).close()
    return root


@pytest.fixture
def net(tmp_path: Path, _county_template: Path):
    root = tmp_path / "net"
    copy_installations(_county_template, root)
    c = County(
        root,
        open_storage(DataPaths(root / "county")),
        {t: open_storage(DataPaths(root / t)) for t in TOWNSHIPS},
        {code: open_storage(DataPaths(root / code)) for code in SCHOOLS},
    )
    yield c
    c.close()
