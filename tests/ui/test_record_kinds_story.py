"""For every record kind: an officer creates a record through the generic form (typing Chinese
through the input method), finds it by a 2- and a 3-character substring, edits it, deletes it,
undoes the deletion, and exports the list to Excel, which reads back with the same values."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings

import safetydesk.kinds  # noqa: F401
from safetydesk.domain.fields import FieldKind
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.services import demo, demo_data, records, report_privacy
from safetydesk.services.changes import Actor
from safetydesk.services.workspace import Workspace
from safetydesk.ui.pages.record_list import RecordListPage
from safetydesk.ui.tasks import TaskRunner
from tests.db_thread import allow_test_db_access, wait_idle
from tests.support import type_chinese

SCHOOL_KINDS = [k.key for k in all_kinds() if k.owner_role == "school"]
TOWNSHIP_KINDS = [k.key for k in all_kinds() if k.owner_role == "township"]
MARK = "鹦鹉螺号记录"


def _existing(ws: Workspace, key: str) -> list[str]:
    return [r.uuid for r in records.fetch_page(ws.sessions, records.ListQuery(kind=key), 0, 20)]


def sample_values(ws: Workspace, key: str) -> dict:
    """Realistic values: the kind's own demo row, or (for kinds the demo school has none of,
    such as replies to township notices) values built from the fields, with linked records
    received from the township as a package would bring them (and what those link to in turn)."""
    ctx = demo.context_from(ws.sessions)
    for other in all_kinds():
        ctx.records[other.key] = _existing(ws, other.key)
    township = Actor(username="township-clerk", org_code=ws.info.township_code or "T")
    return _values(ws, ctx, township, key)


def _values(ws: Workspace, ctx, township: Actor, key: str) -> dict:
    kind = get_kind(key)
    maker = demo_data.maker_for(key)
    rows = maker(ctx) if maker is not None else []
    if rows:
        return dict(rows[0])
    values: dict = {}
    for f in kind.fields:
        if not f.required:
            continue
        if f.kind is FieldKind.RECORD:
            if not ctx.records[f.ref_kind]:
                row = _values(ws, ctx, township, f.ref_kind)
                ctx.records[f.ref_kind] = [records.save(ws.sessions, township, f.ref_kind, row).uuid]
            values[f.attr] = ctx.records[f.ref_kind][0]
        elif f.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            values[f.attr] = "示例内容"
        elif f.kind is FieldKind.INT:
            values[f.attr] = int(f.min_value or 1)
        elif f.kind is FieldKind.DATE:
            values[f.attr] = ctx.today
        elif f.kind is FieldKind.CHOICE:
            values[f.attr] = f.choices[0].code
        elif f.kind is FieldKind.STAFF:
            values[f.attr] = ctx.staff[0].uuid
    return values


def text_field(key: str):
    kind = get_kind(key)
    typed = [f for f in kind.search_fields if f.editable]  # not the serial, which the owner gives
    fields = [f for f in typed if f.kind is FieldKind.TEXT] or typed
    assert fields, f"{key} has no searchable text field"
    return fields[0]


@pytest.mark.parametrize("key", SCHOOL_KINDS)
def test_record_kind_story(qtbot, demo_workspace: Workspace, tmp_path: Path, key: str) -> None:
    story(qtbot, demo_workspace, tmp_path, key)


@pytest.mark.parametrize("key", TOWNSHIP_KINDS)
def test_township_record_kind_story(qtbot, township_workspace: Workspace, tmp_path: Path, key: str) -> None:
    """Supervision inspections and rectification notices are written at the township centre."""
    story(qtbot, township_workspace, tmp_path, key)


def story(qtbot, ws: Workspace, tmp_path: Path, key: str) -> None:
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    with allow_test_db_access():
        values = sample_values(ws, key)
    page = RecordListPage(ws, runner, get_kind(key), settings)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, runner)
    f = text_field(key)

    # create through the generic form, typing Chinese via the input method
    form = page.new_record()
    wait_idle(qtbot, runner)  # the pickers' choices arrive from the database thread
    for attr, value in values.items():
        form.editors[attr].set_value(value)
    widget = form.editors[f.attr].widget
    form.editors[f.attr].set_value("")
    type_chinese(widget, MARK)
    assert form.editors[f.attr].value() == MARK
    form.save()
    wait_idle(qtbot, runner)
    assert not form.isVisible(), form.summary.text()

    # find it by 2- and 3-character substrings
    for fragment in (MARK[:2], MARK[:3]):
        page.search.setText(fragment)
        page.apply_filters()
        wait_idle(qtbot, runner)
        assert page.model.total() == 1, fragment
    record = page.model.record_at(0)
    assert record.values[f.attr] == MARK

    # edit it
    page.table.selectRow(0)
    page.edit_selected()  # the record is read on the database thread, then its form opens
    wait_idle(qtbot, runner)
    form = page.open_forms[-1]
    assert form.record.uuid == record.uuid
    form.editors[f.attr].set_value("")
    type_chinese(form.editors[f.attr].widget, MARK + "（已修改）")
    form.save()
    wait_idle(qtbot, runner)
    with allow_test_db_access():
        assert records.get(ws.sessions, key, record.uuid).values[f.attr] == MARK + "（已修改）"
        assert [e.action for e in records.history(ws.sessions, key, record.uuid)] == ["create", "update"]

    # delete and undo
    page.apply_filters()
    wait_idle(qtbot, runner)
    page.table.selectRow(0)
    page.delete_selected()
    wait_idle(qtbot, runner)
    assert page.model.total() == 0
    assert page.undo_bar.isVisible()
    page.undo()
    wait_idle(qtbot, runner)
    assert page.model.total() == 1

    # export the filtered list to Excel and read it back
    out = tmp_path / f"{key}.xlsx"
    page.export_excel(str(out))
    wait_idle(qtbot, runner)
    assert out.exists()
    sheet = load_workbook(out, read_only=True).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    with allow_test_db_access():
        row = records.get(ws.sessions, key, record.uuid)
        labels = records.reference_labels(ws.sessions, get_kind(key), [row])
    expected = {c.attr: records.display_value(c, row.values.get(c.attr), labels) for c in get_kind(key).fields}
    report_privacy.mask_row(get_kind(key), expected)  # names and phones export masked by default
    assert expected[f.attr] in cells
    for col in get_kind(key).exported_fields:
        shown = expected[col.attr]
        if col.attr == "results":
            continue  # an inspection's stored results export as words (tests/forms/test_paper.py)
        if isinstance(shown, str) and shown:
            assert shown[:30] in [str(c)[:30] for c in cells], col.attr
