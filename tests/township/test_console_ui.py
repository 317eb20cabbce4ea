"""The township console as a clerk uses it (issue 12, point 4), on real installations: schools
enrolled with identity files, packages really exported and imported, real widgets offscreen.

Story: a school's hazard is past its deadline; the township's matrix shows that school's hazard
cell red, and clicking it opens the hazard list narrowed to that school, with the hazard. The
township issues a 整改通知书 from the console; it goes down; the school answers; the answer comes
up; the township accepts it in the notice's dialog; the school's notices cell turns green.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from safetydesk.domain.supervision import state_label
from safetydesk.services import console, records, settings, supervision
from safetydesk.services.installation import installation_info
from safetydesk.services.storage import Storage
from safetydesk.services.workspace import Workspace
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.pages.console_notices import IssueDialog, NoticeDialog
from safetydesk.ui.pages.township_console import ConsolePage
from tests.db_thread import allow_test_db_access, wait_idle
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE, Pair
from tests.township.network import actor, carry, enrol

SECOND = "4105220002"
SCHOOL = actor(SCHOOL_CODE)


def township_window(qtbot, pair: Pair) -> tuple[MainWindow, ConsolePage]:
    """The township's main window on its real database; its dashboard is the console."""
    with allow_test_db_access():
        info = installation_info(pair.township.sessions)
    ws = Workspace(pair.township.paths, info, actor(TOWNSHIP_CODE), pair.township)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("dashboard")
    assert isinstance(page, ConsolePage)
    wait_idle(qtbot, window.runner)
    return window, page


def hazard(school: Storage, code: str, location: str, deadline: date) -> str:
    staff = records.save(school.sessions, actor(code), "staff", {"name": "王安全"}).uuid
    return records.save(school.sessions, actor(code), "hazard", {
        "category": "school_building", "description": f"{location}裂缝", "inspector_uuid": staff,
        "found_on": date(2026, 11, 2), "location": location, "grade": "general", "status": "assigned",
        "deadline": deadline}, workflow=True).uuid  # fmt: skip


def click_cell(qtbot, page: ConsolePage, code: str, key: str) -> None:
    table = page.matrix.table
    item = page.matrix.cell(code, key)
    assert item is not None
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_red_cell_opens_the_schools_hazard_and_an_accepted_notice_turns_it_green(qtbot, pair, moving_clock):
    second = enrol(pair, SECOND, "城关镇第二小学")
    try:
        overdue = hazard(pair.school, SCHOOL_CODE, "东侧围墙", date(2026, 11, 15))  # today is 2026-11-20
        hazard(second, SECOND, "北侧围墙", date(2026, 12, 15))  # open, not overdue
        carry(pair, pair.school, pair.township)
        carry(pair, second, pair.township)

        window, page = township_window(qtbot, pair)
        qtbot.waitUntil(lambda: page.matrix.cell(SCHOOL_CODE, "hazards") is not None)
        cell = page.matrix.cell(SCHOOL_CODE, "hazards")
        assert cell.data(Qt.ItemDataRole.UserRole) == console.RED
        assert cell.text() == "1 项逾期"
        assert page.matrix.cell(SECOND, "hazards").data(Qt.ItemDataRole.UserRole) == console.AMBER

        # clicking the red cell opens the hazard list, narrowed to that school, with its hazard
        click_cell(qtbot, page, SCHOOL_CODE, "hazards")
        hazards_page = window.stack.currentWidget()
        assert hazards_page.objectName() == "page-hazard"
        wait_idle(qtbot, window.runner)
        assert hazards_page.model.query.school == SCHOOL_CODE
        assert hazards_page.school_box.currentText() == "第一小学"
        assert [hazards_page.model.record_at(r).uuid for r in range(hazards_page.model.rowCount())] == [overdue]
        school_col = hazards_page.model.school_column()
        assert hazards_page.model.headerData(school_col, Qt.Orientation.Horizontal) == "学校"
        assert hazards_page.model.index(0, school_col).data() == "第一小学"
        assert hazards_page.table.horizontalHeader().visualIndex(school_col) == 0

        # the township issues a 整改通知书 from the console
        window.show_page("dashboard")
        page.tabs.setCurrentWidget(page.notices)
        wait_idle(qtbot, window.runner)
        assert page.matrix.cell(SCHOOL_CODE, "notices").data(Qt.ItemDataRole.UserRole) == console.GREY
        qtbot.mouseClick(page.notices.issue_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(page.notices.dialog, IssueDialog) and page.notices.dialog.isVisible())
        dialog = page.notices.dialog
        dialog.school.setCurrentIndex(dialog.school.findData(SCHOOL_CODE))
        qtbot.keyClicks(dialog.number, "CG-2026-7")
        dialog.set_item(0, "东侧围墙裂缝未设警戒线", "重大隐患须设置警示", "立即设置警戒线")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window.runner)
        assert not dialog.isVisible()
        assert page.notices.table.rowCount() == 1

        # it goes down, the school answers, the answer comes up
        with allow_test_db_access():
            carry(pair, pair.township, pair.school, SCHOOL_CODE)
            (notice,) = supervision.notices(pair.school.sessions)
            assert notice.doc_number == "CG-2026-7" and notice.state == "open"
            supervision.reply(pair.school.sessions, SCHOOL, notice.uuid, [
                supervision.AnswerDraft(notice.items[0].uuid, "已设置警戒线", "done", date(2026, 11, 20))])
            carry(pair, pair.school, pair.township)
        page.refresh()  # what the import dialog's announcement does in the app
        wait_idle(qtbot, window.runner)
        assert page.notices.table.item(0, 4).text() == "已回复，待审核"

        # the township opens the notice, reads the answer and accepts it
        page.notices.table.setFocus()
        page.notices.table.selectRow(0)
        qtbot.keyClick(page.notices.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: isinstance(page.notices.dialog, NoticeDialog) and page.notices.dialog.isVisible())
        review = page.notices.dialog
        assert review.items.item(0, 4).text() == "已设置警戒线"
        assert review.accept_button.isEnabled() and not review.escalate_button.isEnabled()
        qtbot.mouseClick(review.accept_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window.runner)
        assert page.notices.table.item(0, 4).text() == "已通过"

        page.tabs.setCurrentWidget(page.matrix)
        wait_idle(qtbot, window.runner)
        notices_cell = page.matrix.cell(SCHOOL_CODE, "notices")
        assert notices_cell.data(Qt.ItemDataRole.UserRole) == console.GREEN
        assert notices_cell.text() == "已通过 1 份"
        window.close()
    finally:
        second.close()


def test_the_matrix_never_adds_schools_together(qtbot, pair, moving_clock):
    """Two schools each held 1 of 2 parent meetings: each row says 1/2, nothing says 2/2."""
    second = enrol(pair, SECOND, "城关镇第二小学")
    try:
        for storage, code, day in ((pair.school, SCHOOL_CODE, date(2026, 10, 12)), (second, SECOND, date(2026, 11, 3))):
            records.save(storage.sessions, actor(code), "parent_meeting",
                         {"held_on": day, "scope": "school", "topic": "家长会"})
        carry(pair, pair.school, pair.township)
        carry(pair, second, pair.township)
        window, page = township_window(qtbot, pair)
        qtbot.waitUntil(lambda: page.matrix.table.rowCount() == 2)
        texts = [page.matrix.cell(code, "parent_meetings").text() for code in (SCHOOL_CODE, SECOND)]
        assert texts == ["1/2", "1/2"]
        column = [page.matrix.table.item(r, c).text() for r in range(2) for c in range(page.matrix.table.columnCount())]
        assert "2/2" not in column

        # Enter on the cell opens that school's parent meetings, not the other's
        table = page.matrix.table
        table.setFocus()
        table.setCurrentItem(page.matrix.cell(SECOND, "parent_meetings"))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        meetings = window.stack.currentWidget()
        assert meetings.objectName() == "page-parent_meeting"
        wait_idle(qtbot, window.runner)
        assert meetings.model.query.school == SECOND and meetings.model.total() == 1
        window.close()
    finally:
        second.close()


def test_reporting_months_and_incident_limits_are_counted_per_school() -> None:
    """Pure rules of the reporting table: one package a month, on time within the month."""
    from safetydesk.domain.semester import Semester

    sem = Semester("2026-autumn", date(2026, 9, 1), date(2027, 1, 20))
    # September on time, October late (signed 3 November), November not yet due on 2026-11-20
    assert console.package_months(sem, date(2026, 11, 20), [date(2026, 9, 28), date(2026, 11, 3)]) == (2, 2, 1)
    # nothing arrived: September and October are expected and missing
    assert console.package_months(sem, date(2026, 11, 20), []) == (2, 0, 0)
    # a package of the current month counts it as expected and on time
    assert console.package_months(sem, date(2026, 11, 20), [date(2026, 11, 19)]) == (3, 1, 1)


def test_registers_open_the_record_and_a_report_is_sent_back_with_a_reason(qtbot, pair, moving_clock):
    """The 重大 hazard register names the school and opens the hazard's form; a 整改报告 sent back
    with a reason leaves the notice sent back at the township (the school must answer again)."""
    with allow_test_db_access():
        major = records.save(pair.school.sessions, SCHOOL, "hazard", {
            "category": "school_building", "description": "围墙倾斜", "found_on": date(2026, 11, 2),
            "location": "东侧围墙", "grade": "major", "status": "assigned", "deadline": date(2026, 12, 30),
            "inspector_uuid": records.save(pair.school.sessions, SCHOOL, "staff", {"name": "王安全"}).uuid,
        }, workflow=True).uuid  # fmt: skip
        hazard(pair.school, SCHOOL_CODE, "食堂", date(2026, 12, 30))  # general: not in the register
        carry(pair, pair.school, pair.township)
        notice = supervision.issue_notice(pair.township.sessions, actor(TOWNSHIP_CODE), supervision.NoticeDraft(
            school_code=SCHOOL_CODE, doc_number="CG-2026-9", deadline=date(2026, 11, 27), issued_by="城关镇中心校",
            items=(supervision.ItemDraft("围墙倾斜未设警戒线", "", "设置警戒线"),)))  # fmt: skip
        carry(pair, pair.township, pair.school, SCHOOL_CODE)
        item = supervision.notice(pair.school.sessions, notice).items[0]
        supervision.reply(pair.school.sessions, SCHOOL, notice, [supervision.AnswerDraft(item.uuid, "已拉警戒线")])
        carry(pair, pair.school, pair.township)
    window, page = township_window(qtbot, pair)

    page.tabs.setCurrentWidget(page.registers)
    wait_idle(qtbot, window.runner)
    table = page.registers.tables["hazard"]
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == ["第一小学", "2026年11月2日", "东侧围墙"]
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    hazards_page = window.stack.currentWidget()
    assert hazards_page.objectName() == "page-hazard"
    qtbot.waitUntil(lambda: bool(hazards_page.open_forms))
    assert hazards_page.open_forms[0].record.uuid == major
    assert hazards_page.model.query.school == SCHOOL_CODE
    hazards_page.open_forms[0].reject()

    window.show_page("dashboard")
    page.tabs.setCurrentWidget(page.notices)
    wait_idle(qtbot, window.runner)
    page.notices.open_selected()
    qtbot.waitUntil(lambda: isinstance(page.notices.dialog, NoticeDialog) and page.notices.dialog.isVisible())
    review = page.notices.dialog
    qtbot.mouseClick(review.send_back_button, Qt.MouseButton.LeftButton)
    assert review.reason_dialog is not None and review.reason_dialog.isVisible()
    review.reason_dialog.setTextValue("警戒线照片未附")
    review.reason_dialog.accept()
    wait_idle(qtbot, window.runner)
    assert page.notices.table.item(0, 4).text() == "已退回"
    with allow_test_db_access():
        (view,) = supervision.notices(pair.township.sessions)
    assert view.state == "sent_back" and view.latest_reply.review.reason == "警戒线照片未附"
    page.tabs.setCurrentWidget(page.matrix)
    wait_idle(qtbot, window.runner)
    assert page.matrix.cell(SCHOOL_CODE, "notices").data(Qt.ItemDataRole.UserRole) == console.AMBER
    window.close()


def test_an_overdue_notice_is_escalated_from_its_dialog(qtbot, pair, moving_clock):
    """逐级督办: past its deadline and unanswered, a notice's dialog offers the 督办单; issuing it
    leaves the notice escalated and the new 督办单 open, each in the notices tab."""
    with allow_test_db_access():
        supervision.issue_notice(pair.township.sessions, actor(TOWNSHIP_CODE), supervision.NoticeDraft(
            school_code=SCHOOL_CODE, doc_number="CG-2026-11", deadline=date(2026, 11, 25), issued_by="城关镇中心校",
            items=(supervision.ItemDraft("灭火器过期", "", "更换灭火器"),)))  # fmt: skip
    moving_clock.advance(days=10)  # 2026-11-30: past the deadline, no answer
    window, page = township_window(qtbot, pair)
    assert page.matrix.cell(SCHOOL_CODE, "notices").data(Qt.ItemDataRole.UserRole) == console.RED
    page.tabs.setCurrentWidget(page.notices)
    wait_idle(qtbot, window.runner)
    page.notices.open_selected()
    qtbot.waitUntil(lambda: isinstance(page.notices.dialog, NoticeDialog) and page.notices.dialog.isVisible())
    dialog = page.notices.dialog
    assert not dialog.accept_button.isEnabled() and dialog.escalate_button.isEnabled()
    qtbot.mouseClick(dialog.escalate_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.runner)
    states = sorted(page.notices.table.item(r, 4).text() for r in range(page.notices.table.rowCount()))
    assert states == sorted([state_label("open"), state_label("escalated")])
    with allow_test_db_access():
        views = supervision.notices(pair.township.sessions)
    assert sorted(v.state for v in views) == ["escalated", "open"]
    assert next(v for v in views if v.state == "open").escalates_uuid is not None
    window.close()


def test_the_daily_logs_cell_opens_the_list_of_the_biggest_gap(qtbot, pair, moving_clock):
    """A school without a canteen that keeps no gate duty: the cell is red with the number of
    missing logs, and a click opens 护学岗值守 narrowed to the school (not meals or samples)."""
    with allow_test_db_access():
        settings.write(pair.school.sessions, SCHOOL, {"facilities.canteen": False})
        carry(pair, pair.school, pair.township)
    window, page = township_window(qtbot, pair)
    qtbot.waitUntil(lambda: page.matrix.cell(SCHOOL_CODE, "daily_logs") is not None)
    cell = page.matrix.cell(SCHOOL_CODE, "daily_logs")
    assert cell.data(Qt.ItemDataRole.UserRole) == console.RED and cell.text().startswith("缺 ")
    assert "护学岗值守" in cell.toolTip() and "陪餐" not in cell.toolTip()
    click_cell(qtbot, page, SCHOOL_CODE, "daily_logs")
    opened = window.stack.currentWidget()
    assert opened.objectName() == "page-guard_duty"
    wait_idle(qtbot, window.runner)
    assert opened.model.query.school == SCHOOL_CODE
