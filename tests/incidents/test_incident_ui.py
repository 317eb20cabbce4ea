"""Stories in the main window: an incident is captured in the worst moment, the 首报 PDF is one
click away, the banner counts down while reports are due and goes once they are logged."""

from __future__ import annotations

from datetime import datetime, timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from safetydesk.domain.clock import moved_to
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import incidents, records
from safetydesk.ui.dialogs import incident_capture
from safetydesk.ui.extensions import incident_clock
from safetydesk.ui.main_window import MainWindow, Place
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import close_previews, previews, type_chinese

TEN = datetime(2026, 10, 12, 10, 0, tzinfo=LOCAL_TZ)


def _new_incident(window: MainWindow) -> QAction:
    return window.findChild(QAction, "new-incident")


def _banner(window: MainWindow) -> incident_clock.IncidentBanner:
    return window.findChild(incident_clock.IncidentBanner)


def test_capture_to_first_report_pdf_in_one_click(qtbot, workspace) -> None:
    with moved_to(TEN):
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        window.show()
        action = _new_incident(window)
        assert action.shortcut().toString() == "Ctrl+Shift+I"
        assert "Ctrl+Shift+I" in action.toolTip()
        assert action in window.menu(Place.FILE).actions()
        action.trigger()
        dialog = window.findChild(incident_capture.IncidentCaptureDialog)
        editors = dialog.form.editors
        type_chinese(editors["title"].widget, "学生课间摔伤")
        type_chinese(editors["summary"].widget, "课间两名学生在楼梯追逐，一名学生摔倒致右腿骨折。")
        type_chinese(editors["place"].widget, "教学楼二楼楼梯")
        editors["occurred_at"].set_value(TEN - timedelta(minutes=8))
        editors["level"].set_value("larger")
        editors["injuries"].set_value(2)
        editors["deaths"].set_value(0)
        type_chinese(editors["measures"].widget, "校医现场处置，已拨打120送县医院")
        type_chinese(editors["onsite_person"].widget, "李副校长")
        editors["onsite_phone"].widget.setText("13912345678")
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
        qtbot.keyClick(editors["place"].widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.uuid is not None or dialog.summary.isVisible(), timeout=10_000)
        assert dialog.uuid is not None, dialog.summary.text()
        assert "20" in dialog.done_label.text() or "10:20" in dialog.done_label.text()
        # One click after saving: the 首报 PDF is written and shown in the app's own preview.
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(previews(window)), timeout=20_000)
        opened = previews(window)
        text = "".join(p.extract_text() for p in PdfReader(opened[0]).pages)
        for expected in (
            "关于学生课间摔伤的首报",
            "2026年10月12日 09:52",
            "2026年10月12日 10:00",
            "教学楼二楼楼梯",
            "死亡：0人",
            "受伤：2人",
            "已拨打120送县医院",
            "李副校长",
            "13912345678",
        ):
            assert expected in text.replace(" ", "").replace("\n", "") or expected in text, expected
        with allow_test_db_access():
            st = incidents.status(workspace.sessions, dialog.uuid)
        assert st.level == "larger" and st.deadlines.phone == TEN + timedelta(minutes=20)
        close_previews(qtbot, window)
        window.close()


def test_capture_refuses_learned_before_occurred(qtbot, workspace) -> None:
    with moved_to(TEN):
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        dialog = incident_clock.open_capture(window)
        editors = dialog.form.editors
        type_chinese(editors["title"].widget, "测试")
        type_chinese(editors["summary"].widget, "测试")
        type_chinese(editors["place"].widget, "操场")
        editors["occurred_at"].set_value(TEN)
        editors["learned_at"].set_value(TEN - timedelta(minutes=30))
        dialog.save()
        qtbot.waitUntil(lambda: dialog.summary.isVisible(), timeout=10_000)
        assert dialog.uuid is None and not dialog.form.messages["learned_at"].isHidden()
        with allow_test_db_access():
            assert records.count(workspace.sessions, records.ListQuery(kind="incident")) == 0
        window.close()


def test_banner_counts_down_while_due_and_goes_when_all_are_logged(qtbot, workspace) -> None:
    with moved_to(TEN) as clock:
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        window.show()
        banner = _banner(window)
        wait_idle(qtbot, window.runner)
        assert banner.isHidden()
        with allow_test_db_access():
            uuid = incidents.capture(
                workspace.sessions,
                workspace.actor,
                {
                    "title": "食堂学生腹痛",
                    "place": "食堂",
                    "summary": "午餐后多名学生腹痛",
                    "occurred_at": TEN,
                    "learned_at": TEN,
                    "level": "major",
                },
            )
        banner.reload()
        qtbot.waitUntil(lambda: banner.isVisible(), timeout=10_000)
        assert "20:00" in banner.label.text() and banner.level == "calm"
        clock.advance(minutes=12)
        banner.tick()
        assert "08:00" in banner.label.text() and banner.level == "amber"
        clock.advance(minutes=9)
        banner.tick()
        assert banner.level == "red" and "01:00" in banner.label.text()
        # Clicking opens the incident and the phone report dialog.
        dialog = banner.open_next()
        page = window.stack.currentWidget()
        wait_idle(qtbot, window.runner)  # the list arrives and selects the incident
        assert page.objectName() == "page-incident" and page.selected().uuid == uuid
        dialog.form.editors["phone_reported_to"].widget.setText("县教育局安全科")
        dialog.save()
        qtbot.waitUntil(lambda: banner.due and banner.due[0].kind == "written", timeout=10_000)
        wait_idle(qtbot, window.runner)
        assert banner.isVisible()
        assert "迟报" in page.status_label.text() or "迟" in page.status_label.text()
        clock.advance(minutes=5)
        page.write_report("first", uuid)
        wait_idle(qtbot, window.runner)  # the draft is read, then the dialog opens
        report = page.dialogs[-1]
        assert report.title_edit.text() == "关于食堂学生腹痛的首报"
        report.sent_button.click()
        qtbot.waitUntil(lambda: banner.isHidden(), timeout=10_000)
        with allow_test_db_access():
            assert incidents.due_reports(workspace.sessions) == []
        window.close()


def test_editing_learned_time_in_the_form_asks_for_a_reason(qtbot, workspace, monkeypatch) -> None:
    with moved_to(TEN) as clock:
        uuid = incidents.capture(
            workspace.sessions,
            workspace.actor,
            {
                "title": "学生摔伤",
                "place": "操场",
                "summary": "摔伤",
                "occurred_at": TEN,
                "learned_at": TEN,
                "level": "general",
            },
        )
        clock.advance(minutes=30)
        incidents.log_phone_report(workspace.sessions, workspace.actor, uuid, None, "中心校")
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        page = window.show_page("kind:incident")
        page.select_incident(uuid)
        wait_idle(qtbot, window.runner)
        assert page.selected().uuid == uuid
        # A general incident's 1-hour report may be the phone call: made at 10:30, on time.
        assert page.model.timeliness_text(page.model.statuses[uuid]) == "按时"
        page.edit_selected()
        wait_idle(qtbot, window.runner)
        form = page.open_forms[-1]
        assert not form.editors["phone_reported_at"].widget.isEnabled()
        asked: list[str] = []

        def answer(_parent, _title, text, *a, **k):
            asked.append(text)
            return ("值班记录更正", True)

        monkeypatch.setattr("safetydesk.ui.pages.kind_incident.QInputDialog.getText", answer)
        form.editors["learned_at"].set_value(TEN + timedelta(minutes=3))
        form.save()
        qtbot.waitUntil(lambda: not form.isVisible() and window.runner.is_idle(), timeout=10_000)
        assert asked and "原因" in asked[0]
        with allow_test_db_access():
            last = records.history(workspace.sessions, "incident", uuid)[-1]
        assert last.reason == "值班记录更正" and "learned_at" in last.changes
        window.close()


def test_every_page_sits_under_the_banner_and_the_action_reaches_it(qtbot, demo_workspace) -> None:
    from safetydesk.ui.navigation import page_ids_in_order

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, window.runner)
    qtbot.waitUntil(lambda: _banner(window).isVisible(), timeout=10_000)  # demo: one overdue
    assert _banner(window).level == "red"
    for page_id, _title in page_ids_in_order():
        page = window.show_page(page_id)
        assert window.stack.currentWidget() is page
        assert _new_incident(window).isEnabled()
    window.close()


def test_four_not_opinion_and_accountability_start_from_the_incident(qtbot, demo_workspace) -> None:
    ws = demo_workspace
    incidents.set_media_contact(ws.sessions, "王主任", "13900000000", ws.actor)
    uuid = next(s.uuid for s in incidents.statuses(ws.sessions).values() if s.title == "学生校外溺水死亡")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    page = window.show_page("kind:incident")
    page.select_incident(uuid)
    wait_idle(qtbot, window.runner)
    assert page.selected().uuid == uuid
    page.four_not()
    wait_idle(qtbot, window.runner)  # the latest check (none yet) and the pickers are read, then it opens
    form = page.dialogs[-1]
    assert form.editors["incident_uuid"].value() == uuid
    form.editors["cause_found"].set_value(True)
    type_chinese(form.editors["cause_evidence"].widget, "派出所调查结论")
    form.editors["cause_on"].set_value(datetime(2026, 11, 20).date())
    form.save()
    wait_idle(qtbot, window.runner)
    with allow_test_db_access():
        saved = incidents.four_not_check(ws.sessions, uuid)
    assert (
        saved.values["cause_evidence"] == "派出所调查结论" and str(saved.values["cause_on"]) == "2026-11-20"
    )
    page.linked_form(incidents.OPINION)
    wait_idle(qtbot, window.runner)
    opinion = page.dialogs[-1]
    assert opinion.editors["incident_uuid"].value() == uuid
    assert opinion.editors["spokesperson"].value() == "王主任"
    opinion.done(0)
    page.linked_form(incidents.ACCOUNTABILITY)
    wait_idle(qtbot, window.runner)
    account = page.dialogs[-1]
    assert account.editors["incident_uuid"].value() == uuid
    account.done(0)
    page.response_checklist()
    wait_idle(qtbot, window.runner)
    checklist = page.dialogs[-1]
    checklist.rows["opinion_control"][2].setText("统一口径")
    checklist.save_step("opinion_control")
    wait_idle(qtbot, window.runner)
    with allow_test_db_access():
        step = next(s for s in incidents.response_steps(ws.sessions, uuid) if s.step == "opinion_control")
    assert step.done_at is not None and step.note == "统一口径"
    window.close()
