"""The school's dashboard as a person sees it: in June the demo school's 防溺水 campaign with its
receipts per class, the rules that remind and the certificate dates, each line opening its
records; a school without buses or a canteen does not see their pages. Real widgets offscreen, a
real demo installation, every read through the TaskRunner (the db_thread guard is on)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QProgressBar

from safetydesk.domain import clock
from safetydesk.i18n import LOCAL_TZ
from safetydesk.paths import DataPaths
from safetydesk.services import demo, overview, settings
from safetydesk.services.workspace import open_workspace
from safetydesk.ui.main_window import MainWindow
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import make_school

JUNE = datetime(2027, 6, 15, 9, 0, tzinfo=LOCAL_TZ)
BUS_PAGES = ("kind:school_bus", "kind:bus_driver", "kind:bus_escort", "kind:bus_route", "kind:bus_departure_check")
CANTEEN_PAGES = ("kind:meal_accompany", "kind:food_sample", "kind:canteen_staff_health", "kind:food_supplier")


@pytest.fixture(scope="module")
def _june_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("june-demo") / "school"
    with clock.moved_to(JUNE):
        ws = open_workspace(make_school(root))
        try:
            demo.fill(ws.sessions)
        finally:
            ws.close()
    return root


@pytest.fixture
def june_demo(tmp_path: Path, _june_template: Path):
    target = tmp_path / "june"
    shutil.copytree(_june_template, target)
    with clock.moved_to(JUNE):
        ws = open_workspace(DataPaths(target))
        yield ws
        ws.close()


def _texts(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel))


def test_in_june_the_demo_school_sees_the_drowning_campaign(qtbot, june_demo):
    window = MainWindow(june_demo)
    qtbot.addWidget(window)
    page = window.show_page("dashboard")
    box = page.extras.campaign
    qtbot.waitUntil(lambda: not box.isHidden() and len(box.findChildren(QProgressBar)) == 6, timeout=20_000)
    shown = _texts(box)
    assert box.title() == "防溺水专项工作（2027年5月1日至2027年9月30日）"
    assert "2027年“五一”假期防溺水致家长的一封信" in shown and "收回回执 46/48（96%）" in shown
    bars = box.findChildren(QProgressBar)
    assert sorted(b.format() for b in bars) == ["7/8", "7/8", "8/8", "8/8", "8/8", "8/8"]  # six classes
    classes = [lbl.text() for lbl in box.findChildren(QLabel) if lbl.text().endswith("班")]
    assert classes[0] == "一年级（1）班" and len(classes) == 6  # in grade order
    assert "本月已巡查 1/3 处" in shown and "1 处缺警示牌" in shown
    assert "本季已开展 1 次（1 课时），最近一次2027年4月28日" in shown
    # the rules that remind and the certificate dates, red first
    reminders = _texts(page.extras.rules)
    assert "疏散用时2分20秒，超过2分钟的目标" in reminders and "网络与信息安全事件应急预案" in reminders
    assert "健康证" in _texts(page.extras.dates) and "校车安全技术检验" in _texts(page.extras.dates)
    # a line opens the records behind it
    link = next(lbl for lbl in box.findChildren(QLabel, "due-link") if "告家长书回执" in lbl.text())
    link.linkActivated.emit(link.property("page"))
    qtbot.waitUntil(lambda: window.stack.currentWidget().objectName() == "page-drowning_letter", timeout=10_000)
    wait_idle(qtbot, window.runner)
    window.close()


def test_in_december_there_is_no_campaign_but_the_reminders_stay(qtbot, demo_workspace):
    december = datetime(2026, 12, 1, 9, 0, tzinfo=LOCAL_TZ)
    with clock.moved_to(december):
        window = MainWindow(demo_workspace)
        qtbot.addWidget(window)
        page = window.show_page("dashboard")
        qtbot.waitUntil(lambda: len(page.extras.rules.findChildren(QLabel, "due-link")) > 1, timeout=20_000)
        wait_idle(qtbot, window.runner)
        assert page.extras.campaign.isHidden()
        window.close()


def test_a_school_without_buses_does_not_see_their_pages_until_it_says_it_has_them(qtbot, tmp_path):
    ws = open_workspace(make_school(tmp_path / "village"))
    try:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        nav = window.nav
        qtbot.waitUntil(lambda: nav._items["kind:school_bus"].isHidden(), timeout=10_000)
        assert all(nav._items[p].isHidden() for p in BUS_PAGES)
        assert not any(nav._items[p].isHidden() for p in CANTEEN_PAGES)  # a canteen by default
        assert not nav._items["kind:hazard"].isHidden()
        with allow_test_db_access():
            settings.write(ws.sessions, ws.actor, {"facilities.school_bus": True, "facilities.canteen": False})
            kinds = [c.kind for c in overview.kind_counts(ws.sessions)[1]]
        assert "school_bus" in kinds and "food_sample" not in kinds  # the dashboard's counts follow
        from safetydesk.services.changes import Changes

        window.announce(Changes.of("drill"))  # any change re-reads the settings (the Settings page announces)
        qtbot.waitUntil(lambda: nav._items["kind:food_sample"].isHidden(), timeout=10_000)
        assert not any(nav._items[p].isHidden() for p in BUS_PAGES)
        assert all(nav._items[p].isHidden() for p in CANTEEN_PAGES)
        wait_idle(qtbot, window.runner)
        window.close()
    finally:
        ws.close()
