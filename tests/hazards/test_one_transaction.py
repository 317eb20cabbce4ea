"""One use-case, one transaction. An officer saves a record with a photo that has meanwhile gone
(the USB stick was pulled out), requests verification of a hazard with such a photo, or saves an
inspection one of whose failed items cannot become a hazard: nothing is saved (the database is
byte-for-byte as before), the reason is shown, and doing it again once the cause is fixed saves
everything exactly once. The first three stories go through the widgets, as the officer does it;
the last ones call the services the widgets call."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage

from safetydesk.domain.clock import moved_to
from safetydesk.domain.registry import get_kind
from safetydesk.errors import SafetyDeskError, ValidationError, WorkflowError
from safetydesk.services import attachments, hazards, inspections, records
from safetydesk.ui.pages.kind_hazard import HazardPage
from safetydesk.ui.pages.kind_inspection import InspectionWalker
from safetydesk.ui.record_form import RecordForm
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import allow_test_db_access, wait_idle
from tests.hazards.helpers import FAILED_NOTES, add_staff, monthly_template
from tests.support import dump

FOUND = date(2026, 11, 2)


def _photo(path: Path) -> Path:
    image = QImage(32, 24, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.blue)
    assert image.save(str(path))
    return path


def _count(ws, kind: str) -> int:
    return records.count(ws.sessions, records.ListQuery(kind=kind))


def _hazard(ws, **values) -> str:
    base = {"found_on": FOUND, "category": "fire", "location": "教学楼二楼", "description": "灭火器压力不足",
            "grade": "general"}
    return records.save(ws.sessions, ws.actor, "hazard", {**base, **values}).uuid


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    from safetydesk.ui import messages

    shown: list[BaseException] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, exc: shown.append(exc))
    return shown


def test_a_form_whose_photo_cannot_be_read_saves_nothing_and_a_retry_saves_once(
    qtbot, workspace, tmp_path: Path, errors: list[BaseException]
) -> None:
    ws, runner = workspace, TaskRunner()
    gone = tmp_path / "usb" / "现场照片.png"  # chosen, then the stick was pulled out
    before = dump(ws.paths.database)
    form = RecordForm(ws, runner, get_kind("staff"), None)
    qtbot.addWidget(form)
    form.editors["name"].set_value("王老师")
    form.attachments.stage([_photo(tmp_path / "ok.png"), gone])
    form.save()
    wait_idle(qtbot, runner)
    assert dump(ws.paths.database) == before  # neither the teacher nor the first photo
    assert errors and "现场照片.png" in errors[0].user_message
    assert form.buttons.isEnabled()  # the form stays open with what was typed

    gone.parent.mkdir()
    _photo(gone)  # the stick is back
    form.save()
    wait_idle(qtbot, runner)
    assert not form.isVisible()
    with allow_test_db_access():
        assert _count(ws, "staff") == 1
        uuid = records.fetch_page(ws.sessions, records.ListQuery(kind="staff"), 0, 1)[0].uuid
        assert len(attachments.attachments_of(ws.sessions, ws.paths, uuid)) == 2


def test_a_verification_photo_that_cannot_be_read_leaves_the_hazard_where_it_was(
    qtbot, workspace, tmp_path: Path
) -> None:
    ws, runner = workspace, TaskRunner()
    with moved_to(datetime(2026, 11, 3, 9)):
        (rectifier,) = add_staff(ws, "王强")
        uuid = _hazard(ws)
        for code, params in (("grade", {"grade": "general"}),
                             ("assign", {"responsible_uuid": rectifier, "measures": "更换",
                                         "deadline": date(2026, 11, 9)}),
                             ("start", {})):
            hazards.move(ws.sessions, ws.actor, uuid, code, params)
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        page = HazardPage(ws, runner, get_kind("hazard"), settings)
        qtbot.addWidget(page)
        wait_idle(qtbot, runner)
        before = dump(ws.paths.database)
        gone = tmp_path / "after.png"
        page.run_move(uuid, "request_verification", {"result": "已更换"}, photo=str(gone))
        wait_idle(qtbot, runner)
        assert "after.png" in page.last_error
        assert dump(ws.paths.database) == before  # not moved, nothing attached

        _photo(gone)
        page.run_move(uuid, "request_verification", {"result": "已更换"}, photo=str(gone))
        wait_idle(qtbot, runner)
        assert page.last_error == ""
        with allow_test_db_access():
            assert records.get(ws.sessions, "hazard", uuid).values["status"] == "verification_requested"
            assert [h.action for h in records.history(ws.sessions, "hazard", uuid)].count("move") == 4
            assert len(attachments.attachments_of(ws.sessions, ws.paths, uuid)) == 1


def test_an_inspection_whose_failed_item_cannot_become_a_hazard_is_not_saved(
    qtbot, workspace, tmp_path: Path
) -> None:
    ws, runner = workspace, TaskRunner()
    (inspector,) = add_staff(ws, "李明")
    template = monthly_template(ws)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    from safetydesk.ui.pages.kind_inspection import InspectionPage

    page = InspectionPage(ws, runner, get_kind("inspection"), settings)
    qtbot.addWidget(page)
    wait_idle(qtbot, runner)
    walker = InspectionWalker(page, inspections.new_draft(template), [(inspector, "李明")])
    qtbot.addWidget(walker)
    for i, item in enumerate(walker.draft.items):
        item.result = inspections.FAIL if i < 3 else inspections.PASS
        item.note = FAILED_NOTES[i] if i < 3 else ""
    walker.draft.items[0].photo = str(_photo(tmp_path / "wall.png"))
    walker.draft.items[2].category = "no-such-category"  # its hazard is refused
    before = dump(ws.paths.database)
    walker.save(make_hazards=True)
    wait_idle(qtbot, runner)
    assert walker.error.text()  # why, beside the buttons
    assert dump(ws.paths.database) == before  # no inspection, no hazard, no photo

    walker.draft.items[2].category = "electricity"
    walker.save(make_hazards=True)
    wait_idle(qtbot, runner)
    with allow_test_db_access():
        assert _count(ws, "inspection") == 1 and _count(ws, "hazard") == 3
        (insp,) = records.fetch_page(ws.sessions, records.ListQuery(kind="inspection"), 0, 5)
        _rec, items = inspections.load(ws.sessions, insp.uuid)
    assert len({i.hazard_uuid for i in items if i.result == inspections.FAIL}) == 3


def test_save_with_attachments_is_one_transaction(workspace, tmp_path: Path) -> None:
    ws = workspace
    ok, gone = _photo(tmp_path / "ok.png"), tmp_path / "missing.png"
    before = dump(ws.paths.database)
    with pytest.raises(SafetyDeskError):
        attachments.save_with_attachments(ws.sessions, ws.paths, ws.actor, "staff", {"name": "王老师"},
                                          add=[ok, gone])
    assert dump(ws.paths.database) == before
    with pytest.raises(ValidationError):  # an invalid record stores no link either
        attachments.save_with_attachments(ws.sessions, ws.paths, ws.actor, "staff", {"name": ""}, add=[ok])
    assert dump(ws.paths.database) == before
    saved = attachments.save_with_attachments(ws.sessions, ws.paths, ws.actor, "staff", {"name": "王老师"},
                                              add=[ok])
    assert _count(ws, "staff") == 1
    (att,) = attachments.attachments_of(ws.sessions, ws.paths, saved.uuid)

    # unlinking a photo and a failed new one in the same save: the photo stays linked
    other = records.save(ws.sessions, ws.actor, "staff", {"name": "李老师"}).uuid
    before = dump(ws.paths.database)
    with pytest.raises(SafetyDeskError):
        attachments.save_with_attachments(ws.sessions, ws.paths, ws.actor, "staff", {"name": "王老师（改）"},
                                          saved.uuid, add=[gone], remove=[att.uuid])
    assert dump(ws.paths.database) == before
    with pytest.raises(SafetyDeskError):  # another record's photo is not this save's to unlink
        attachments.save_with_attachments(ws.sessions, ws.paths, ws.actor, "staff", {"name": "李老师"},
                                          other, remove=[att.uuid])
    assert dump(ws.paths.database) == before


def test_an_illegal_move_with_a_photo_attaches_nothing(workspace, tmp_path: Path) -> None:
    ws = workspace
    uuid = _hazard(ws)
    before = dump(ws.paths.database)
    with pytest.raises(WorkflowError):
        hazards.move(ws.sessions, ws.actor, uuid, "close", {}, photo=_photo(tmp_path / "p.png"), paths=ws.paths)
    assert dump(ws.paths.database) == before


def test_make_hazards_for_a_saved_inspection_is_one_transaction(workspace, tmp_path: Path) -> None:
    ws = workspace
    (inspector,) = add_staff(ws, "李明")
    draft = inspections.new_draft(monthly_template(ws))
    for i, item in enumerate(draft.items):
        item.result, item.note = (inspections.FAIL, FAILED_NOTES[i]) if i < 3 else (inspections.PASS, "")
    draft.items[1].photo = str(tmp_path / "missing.jpg")
    insp = inspections.save_inspection(ws.sessions, ws.actor, draft, inspected_on=FOUND, inspector_uuid=inspector)
    before = dump(ws.paths.database)
    with pytest.raises(SafetyDeskError):
        inspections.make_hazards(ws, ws.actor, insp)
    assert dump(ws.paths.database) == before  # not even the first item's hazard


def test_an_incident_edit_with_a_scan_that_cannot_be_read_saves_nothing(workspace, tmp_path: Path) -> None:
    from safetydesk.services import incidents

    ws = workspace
    with moved_to(datetime(2026, 11, 3, 9)):
        uuid = incidents.capture(ws.sessions, ws.actor, {
            "title": "学生摔伤", "place": "操场", "summary": "摔伤", "occurred_at": datetime(2026, 11, 3, 8, 50),
            "learned_at": datetime(2026, 11, 3, 8, 55), "level": "general"})
        before = dump(ws.paths.database)
        with pytest.raises(SafetyDeskError):
            incidents.update_incident(ws.sessions, ws.actor, uuid, {"place": "操场东侧"}, paths=ws.paths,
                                      add=[tmp_path / "missing.pdf"])
        assert dump(ws.paths.database) == before
        incidents.update_incident(ws.sessions, ws.actor, uuid, {"place": "操场东侧"}, paths=ws.paths,
                                  add=[_photo(tmp_path / "scan.png")])
        assert records.get(ws.sessions, "incident", uuid).values["place"] == "操场东侧"
        assert len(attachments.attachments_of(ws.sessions, ws.paths, uuid)) == 1
