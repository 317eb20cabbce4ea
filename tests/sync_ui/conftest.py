"""A school and its township as two real installations in tmp folders, each with a main window.

They start NOT trusting each other: the tests enroll them the way people do (identity file, the
digits read over the phone) through the dialogs. Error boxes are recorded instead of blocking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from safetydesk.paths import DataPaths
from safetydesk.services.installation import SCHOOL, TOWNSHIP, InitRequest
from safetydesk.services.workspace import Workspace, open_workspace
from tests import support
from tests.support import close_window

SCHOOL_CODE = "4105220001"
TOWNSHIP_CODE = "410522T01"


@dataclass
class Sites:
    root: Path
    school: Workspace
    township: Workspace


@pytest.fixture(scope="session")
def _sites_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sync-ui-template")
    support.install(root / "school", InitRequest(role=SCHOOL, code=SCHOOL_CODE, name="第一小学",
                                                 township_code=TOWNSHIP_CODE, township_name="城关镇中心校"))
    support.install(root / "township", InitRequest(role=TOWNSHIP, code=TOWNSHIP_CODE, name="城关镇中心校"))
    return root


@pytest.fixture
def sites(tmp_path: Path, _sites_template: Path) -> Iterator[Sites]:
    import shutil

    root = tmp_path / "sites"
    shutil.copytree(_sites_template, root)
    school = open_workspace(DataPaths(root / "school"))
    township = open_workspace(DataPaths(root / "township"))
    yield Sites(root, school, township)
    school.close()
    township.close()


@pytest.fixture
def windows(qtbot, sites: Sites) -> Iterator[list]:
    """Main windows opened by a test; closed with their DB thread idle BEFORE the databases close."""
    opened: list = []
    yield opened
    for window in opened:
        close_window(qtbot, window)
        window.deleteLater()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Message boxes would block a test: record what would have been shown."""
    from safetydesk.ui import messages

    shown: list[BaseException] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, exc: shown.append(exc))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return shown
