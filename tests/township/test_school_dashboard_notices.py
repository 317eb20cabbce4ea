"""Issue 12.5: a township's 整改通知书 that went down shows on the school's dashboard with its
deadline until the school has answered it; past the deadline it is overdue."""

from __future__ import annotations

from datetime import date, timedelta

from safetydesk.domain import clock
from safetydesk.domain.compliance import State
from safetydesk.services import dashboard
from tests.township.network import carry
from tests.township.test_supervision_loop import answer, issue


def _notices(pair) -> list[dashboard.DueItem]:
    return dashboard.load(pair.school.sessions, "primary").section("notices")


def test_a_notice_shows_on_the_schools_dashboard_until_it_is_answered(pair, moving_clock) -> None:
    assert _notices(pair) == []
    notice = issue(pair, None, date(2026, 11, 27))
    carry(pair, pair.township, pair.school, "4105220001")
    (item,) = _notices(pair)
    assert (item.record, item.when, item.state, item.page) == (
        notice, date(2026, 11, 27), State.DUE, "kind:rectification_notice")
    assert "城关中心校安〔2026〕1号" in item.title and "整改通知书" in item.title
    assert "2026年11月27日" in item.detail
    moving_clock.advance(days=(date(2026, 11, 28) - clock.today()).days)
    (late,) = _notices(pair)
    assert late.state is State.OVERDUE
    answer(pair, notice, ("已设警戒线", "已补齐照片"))
    assert _notices(pair) == []  # answered: the township's turn now


def test_the_dashboard_page_lists_the_notice(pair, moving_clock, qtbot) -> None:
    from PySide6.QtWidgets import QGroupBox, QLabel

    from safetydesk.services.installation import installation_info
    from safetydesk.services.workspace import Workspace
    from safetydesk.ui.main_window import MainWindow
    from tests.db_thread import allow_test_db_access, wait_idle
    from tests.township.network import actor

    with allow_test_db_access():
        issue(pair, None, clock.today() + timedelta(days=10), number="7")
        carry(pair, pair.township, pair.school, "4105220001")
        info = installation_info(pair.school.sessions)
    window = MainWindow(Workspace(pair.school.paths, info, actor("4105220001"), pair.school))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("dashboard")
    wait_idle(qtbot, window.runner)
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)
    box = page.findChild(QGroupBox, "due-notices")
    text = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "城关中心校安〔2026〕7号" in text
    wait_idle(qtbot, window.runner)
    window.close()
