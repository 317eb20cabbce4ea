"""How one record names another on screen and on paper: its serial and its title, never a uuid.

A follow-up refers to its case, a report to its incident, a hazard to its inspection. The label
is the referenced record's serial (YH-2026-0007) followed by its title, the title resolved when
it is itself a reference (a case is titled by its student) or a choice or a date. A student's
name in the label of a protected record (a psychological case) is masked unless the caller asks
for names: a reference must not reveal more than the record it points to would on that form.

Runs on whatever thread calls it; one query per referenced kind and one per table of names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetydesk.domain.fields import FieldKind
from safetydesk.domain.masking import mask_name
from safetydesk.domain.registry import get_kind
from safetydesk.domain.serials import SERIAL_ATTR
from safetydesk.i18n import _, format_date, format_datetime
from safetydesk.models.org import SchoolClass, StaffMember, Student
from safetydesk.services import field_crypto

NAME_MODELS = {FieldKind.STAFF: StaffMember, FieldKind.CLASS: SchoolClass, FieldKind.STUDENT: Student}
_CHUNK = 500


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = list(ids)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _title_text(value: Any, field_kind: FieldKind, choice_label: str | None) -> str:
    if value is None:
        return ""
    if choice_label is not None:
        return choice_label
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def record_labels(
    session: Session, ref_kind: str, uuids: Iterable[str], *, mask_names: bool = True
) -> dict[str, str]:
    """uuid -> "SJ-2026-0003 学生校外溺水死亡" for records of `ref_kind` (tombstoned ones too)."""
    kind = get_kind(ref_kind)
    model = kind.model
    has_serial = bool(kind.serial_prefix)
    title_field = kind.field(kind.title_field) if kind.title_field else None
    cols = [model.uuid]
    if has_serial:
        cols.append(getattr(model, SERIAL_ATTR))
    if title_field is not None:  # a sealed title (a case's student) is opened in SQL
        cols.append(field_crypto.plain_sql(kind, title_field.attr).label(title_field.attr))
    found: dict[str, tuple[str, Any]] = {}
    for chunk in _chunks(set(uuids)):
        for row in session.execute(select(*cols).where(model.uuid.in_(chunk))):
            serial = row[1] if has_serial else ""
            title = row[-1] if title_field is not None else None
            found[row[0]] = (serial or "", title)
    names: dict[str, str] = {}
    if title_field is not None and title_field.kind in NAME_MODELS:
        name_model = NAME_MODELS[title_field.kind]
        for chunk in _chunks({t for _s, t in found.values() if t}):
            stmt = select(name_model.uuid, name_model.name).where(name_model.uuid.in_(chunk))
            names.update({u: n or "" for u, n in session.execute(stmt)})
    out = {}
    for uuid, (serial, title) in found.items():
        if title_field is None:
            text = ""
        elif title_field.kind in NAME_MODELS:
            text = names.get(title or "", "")
            if mask_names and title_field.kind is FieldKind.STUDENT:
                text = mask_name(text)
        elif kind.sensitive and mask_names and serial and title_field.sensitive:
            text = ""  # a protected record's own words stay in it; its serial names it
        else:
            choice = title_field.choice(title) if title_field.choices else None
            text = _title_text(title, title_field.kind, _(choice.label) if choice else None)
        out[uuid] = " ".join(p for p in (serial, text) if p) or _("(untitled)")
    return out
