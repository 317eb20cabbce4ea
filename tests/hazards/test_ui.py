"""An officer walks a checklist with the keyboard, logs the failed items as hazards in one
action, then drives a hazard through the workflow buttons; the navigation badge counts overdue
hazards."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from safetydesk.domain.clock import moved_to
from safetydesk.services import attachments, hazards, records
from safetydesk.services.changes import Changes
from safetydesk.ui.main_window import MainWindow
from safetydesk.ui.pages.kind_hazard import MoveDialog
from tests.db_thread import allow_test_db_access, wait_idle
from tests.hazards.helpers import MONTHLY, add_staff
from tests.support import type_chinese


def _idle(qtbot, window) -> None:
    wait_idle(qtbot, window.runner)


def test_walker_and_workflow_buttons(qtbot, workspace, tmp_path) -> None:
    ws = workspace
    with moved_to(datetime(2026, 11, 2, 9, 0)) as clock:
        inspector, rectifier, verifier = add_staff(ws, "李明", "王强", "张校长")
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.show()
        _idle(qtbot, window)

        page = window.show_page("kind:inspection")
        _idle(qtbot, window)  # the templates arrive from the database thread
        index = next(i for i in range(page.template_box.count()) if MONTHLY in page.template_box.itemText(i))
        page.template_box.setCurrentIndex(index)
        page.start_inspection()
        _idle(qtbot, window)
        walker = page.walker
        qtbot.waitExposed(walker)
        walker.activateWindow()
        qtbot.waitUntil(walker.isActiveWindow, timeout=5000)
        walker.inspector.setCurrentIndex(walker.inspector.findData(inspector))
        photo = tmp_path / "wall.png"
        image = QImage(32, 24, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.red)
        image.save(str(photo))
        n = len(walker.draft.items)
        notes = ("围墙裂缝", "灭火器过期", "插座破损")
        for i in range(n):
            assert walker.current == i
            if i < 3:
                qtbot.keyClick(walker.items, Qt.Key.Key_2)  # fail: the cursor goes to the note
                assert walker.note.hasFocus()
                type_chinese(walker.note, notes[i])
                if i == 0:
                    walker.choose_photo(str(photo))
                qtbot.keyClick(walker.note, Qt.Key.Key_Return)  # Enter = next
            else:
                qtbot.keyClick(walker.items, Qt.Key.Key_3 if i == n - 1 else Qt.Key.Key_1)
                qtbot.keyClick(walker.items, Qt.Key.Key_Return)
        assert walker.draft.answered == n and len(walker.draft.failed) == 3
        assert [i.note for i in walker.draft.failed] == list(notes)
        qtbot.keyClick(walker.items, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        _idle(qtbot, window)
        assert not walker.isVisible(), walker.error.text()
        with allow_test_db_access():
            made = records.fetch_page(ws.sessions, records.ListQuery(kind="hazard", sort="found_on"), 0, 10)
            first = next(h for h in made if h.values["description"] == "围墙裂缝")
            assert len(attachments.attachments_of(ws.sessions, ws.paths, first.uuid)) == 1
        assert sorted(h.values["description"] for h in made) == sorted(notes)

        hp = window.show_page("kind:hazard")
        hp.refresh()
        _idle(qtbot, window)
        hp.table.selectRow(hp.model.row_of(first.uuid))
        hp.update_moves()
        enabled = {c for c, b in hp.move_buttons.items() if b.isEnabled()}
        assert enabled == {"grade", "report_township"}

        def step(code: str, setup=None) -> None:
            assert hp.move_buttons[code].isEnabled(), code
            qtbot.mouseClick(hp.move_buttons[code], Qt.MouseButton.LeftButton)
            _idle(qtbot, window)  # the staff list is read, then the step's dialog opens
            dialogs = [d for d in hp.findChildren(MoveDialog) if d.code == code and d.isVisible()]
            assert dialogs, code
            d = dialogs[-1]
            if setup:
                setup(d)
            d.submit()  # OK: the step runs; the dialog closes once it is done
            _idle(qtbot, window)
            assert not d.isVisible(), d.refusal.text()

        def choose(d, attr, value):
            w = d.widgets[attr]
            w.setCurrentIndex(w.findData(value))

        step("grade", lambda d: (choose(d, "grade", "general"), choose(d, "risk_colour", "orange")))
        assert "橙" in hp.detail.text() or "较大" in hp.detail.text()
        step(
            "assign",
            lambda d: (
                choose(d, "responsible_uuid", rectifier),
                d.widgets["measures"].setPlainText("修补围墙"),
                d.editors["deadline"].set_value(date(2026, 11, 5)),
            ),
        )
        step("start")  # the rectifier defaults to the person responsible
        with allow_test_db_access():
            assert records.get(ws.sessions, "hazard", first.uuid).values["rectified_by_uuid"] == rectifier
        step(
            "request_verification",
            lambda d: (d.editors["result"].set_value("已修补"), d.choose_photo(str(photo))),
        )
        with allow_test_db_access():  # before and after
            assert len(attachments.attachments_of(ws.sessions, ws.paths, first.uuid)) == 2
        # the verifier list leaves out the rectifier; forcing it anyway is refused
        hp.run_move(first.uuid, "verify", {"verifier_uuid": rectifier})
        _idle(qtbot, window)
        assert "整改人" in hp.last_error
        with allow_test_db_access():
            assert records.get(ws.sessions, "hazard", first.uuid).values["status"] == "verification_requested"

        def pick_verifier(d) -> None:
            assert d.widgets["verifier_uuid"].findData(rectifier) == -1
            choose(d, "verifier_uuid", verifier)

        step("verify", pick_verifier)
        assert {c for c, b in hp.move_buttons.items() if b.isEnabled()} == {"close", "report_township"}
        step("close")
        with allow_test_db_access():
            assert records.get(ws.sessions, "hazard", first.uuid).values["status"] == "closed"
        assert not any(b.isEnabled() for b in hp.move_buttons.values())

        # another hazard gets a deadline that passes: the badge counts it
        other = next(h for h in made if h.values["description"] == "灭火器过期")
        with allow_test_db_access():
            hazards.move(ws.sessions, ws.actor, other.uuid, "grade", {"grade": "general"})
            hazards.move(
                ws.sessions,
                ws.actor,
                other.uuid,
                "assign",
                {"responsible_uuid": rectifier, "measures": "更换", "deadline": date(2026, 11, 4)},
            )
        clock.set(datetime(2026, 11, 10, 9, 0))
        window.announce(Changes.of("hazard"))
        _idle(qtbot, window)
        item = window.nav._items["kind:hazard"]
        assert item.text(0).endswith("(1)")
        hp.refresh()
        _idle(qtbot, window)
        hp.table.selectRow(hp.model.row_of(other.uuid))
        hp.update_moves()
        assert "逾期" in hp.detail.text()
        assert hp.move_buttons["supervise"].isEnabled()
        window.grab().save(str(tmp_path / "hazard-page.png"))
        window.close()
