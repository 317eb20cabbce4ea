"""Shared fixtures: offscreen Qt, real SQLite installations in tmp folders, a movable clock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

import pytest

from safetydesk import i18n
from safetydesk.paths import DataPaths
from tests import db_thread
from tests.support import make_school


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--hub-engine", choices=("sqlite", "postgresql"), default=None,
                     help="engine of the townships and counties the tests create (postgresql needs "
                          "SAFETYDESK_TEST_PG_URL; scripts/test.sh starts a throw-away server)")


def pytest_configure(config: pytest.Config) -> None:
    from tests import support

    engine = config.getoption("--hub-engine")
    if engine:
        os.environ[support.HUB_ENGINE_ENV] = engine
    if support.hub_engine() == "postgresql" and not os.environ.get(support.PG_URL_ENV):
        raise pytest.UsageError(f"--hub-engine postgresql needs {support.PG_URL_ENV}=postgresql://USER@HOST:PORT/postgres")


@pytest.fixture(autouse=True)
def _chinese_ui() -> Iterator[None]:
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture(autouse=True)
def _no_db_on_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every UI test (one using qtbot) fails if the UI thread opens a database connection while
    its widgets are live (tests/db_thread.py). The body is checked right after it ran
    (pytest_runtest_call below); what teardown does is checked here."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    db_thread.arm()
    yield
    found = db_thread.disarm()
    if found:
        pytest.fail(db_thread.report(found), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    found = db_thread.take_violations()
    if found:
        pytest.fail(db_thread.report(found), pytrace=False)
    return result



@pytest.fixture
def school_paths(tmp_path: Path) -> DataPaths:
    return make_school(tmp_path / "school")


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from safetydesk.services import demo
    from safetydesk.services.workspace import open_workspace

    root = tmp_path_factory.mktemp("demo-template") / "school"
    paths = make_school(root)
    ws = open_workspace(paths)
    try:
        demo.fill(ws.sessions)
    finally:
        ws.close()
    return root


@pytest.fixture
def demo_paths(tmp_path: Path, _demo_template: Path) -> DataPaths:
    """A copy of a demo school filled once per test session."""
    target = tmp_path / "demo"
    shutil.copytree(_demo_template, target)
    return DataPaths(target)


@pytest.fixture
def workspace(school_paths: DataPaths):
    from safetydesk.services.workspace import open_workspace

    ws = open_workspace(school_paths)
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(demo_paths: DataPaths):
    from safetydesk.services.workspace import open_workspace

    ws = open_workspace(demo_paths)
    yield ws
    ws.close()



@pytest.fixture(scope="session")
def _township_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A township centre with its demo supervision records, filled once per test session."""
    from safetydesk.services import demo
    from safetydesk.services.workspace import open_workspace
    from tests.support import make_installation

    root = tmp_path_factory.mktemp("township-template") / "township"
    paths = make_installation(root, "township")
    ws = open_workspace(paths)
    try:
        demo.fill(ws.sessions)
    finally:
        ws.close()
    return root


@pytest.fixture
def township_workspace(tmp_path: Path, _township_template: Path):
    from safetydesk.services.workspace import open_workspace

    target = tmp_path / "township"
    shutil.copytree(_township_template, target)
    ws = open_workspace(DataPaths(target))
    yield ws
    ws.close()
