"""Which columns a kind's ledger prints, the cells computed for it, and the order of its rows.

Excel gets every exported field in its own column (it is for sorting and filtering). The PDF is a
landscape A4 page: for the few kinds with more fields than a page can hold in readable columns,
related fields share a cell as a paper ledger writes them ("是；已成立安全工作领导小组", "2026年6月10日
10:00—10:06"). An inspection's results, stored as data for the inspection screen, print as words.
Pure row work on display values (services.ledgers reads the records); runs on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.post_rank import post_rank
from safetydesk.domain.registry import RecordKind
from safetydesk.i18n import N_, _, format_date, format_datetime, local
from safetydesk.services.workspace import Workspace

Row = dict[str, Any]

@dataclass(frozen=True)
class Fold:
    """Several fields in one PDF cell. `style`: "ok_note" (是；note), "ok_date_note" (是（date）：
    note), "span" (date start—end), "spaced" (date and time of day), "joined" (parts with "；"),
    "labelled" (label：part, a line each)."""

    key: str
    label: str  # N_()-marked
    parts: tuple[str, ...]
    width: int
    style: str = "joined"
    long: bool = False  # running text (gives room to short columns, as long-text fields do)


def _six(attr: str, label: str) -> Fold:
    return Fold(f"_{attr}", label, (f"{attr}_ok", f"{attr}_note"), 16, "ok_note", long=True)


def _four(key: str, label: str, ok: str, when: str, evidence: str) -> Fold:
    return Fold(f"_{key}", label, (ok, when, evidence), 22, "ok_date_note", long=True)


PDF_LAYOUT: dict[str, tuple[str | Fold, ...]] = {
    "six_check": (
        "checked_on",
        "checked_by_uuid",
        _six("organisation", N_("Organisation in place")),
        _six("personnel", N_("Personnel in place")),
        _six("duties", N_("Duties in place")),
        _six("funds", N_("Funds in place")),
        _six("premises", N_("Premises in place")),
        _six("equipment", N_("Equipment in place")),
    ),
    "four_not_check": (
        "incident_uuid",
        "checked_on",
        "checked_by_uuid",
        _four("cause", N_("Cause established"), "cause_found", "cause_on", "cause_evidence"),
        _four(
            "responsible",
            N_("Those responsible dealt with"),
            "responsible_handled",
            "responsible_on",
            "responsible_evidence",
        ),
        _four("measures", N_("Corrective measures carried out"), "measures_done", "measures_on",
              "measures_evidence"),
        _four("educated", N_("People concerned educated"), "people_educated", "educated_on",
              "educated_evidence"),
    ),
    "drill": (
        "name",
        Fold("_type", N_("Type and mode"), ("drill_type", "mode"), 8),
        Fold("_when", N_("Date and time"), ("held_on", "started_at", "ended_at"), 26, "span"),
        "commander_uuid",
        Fold("_route", N_("Signal, route and assembly point"), ("signal", "route", "assembly_point"), 24,
             long=True),
        "classes",
        "participants",
        "evacuation_seconds",
        Fold("_headcount", N_("Counted by class"), ("headcount_reported",), 5),
        "problems",
        "evaluation",
        "recorder_uuid",
    ),
    "psych_case": (
        "serial",
        "student_uuid",
        "class_uuid",
        "source",
        "risk_level",
        "opened_on",
        "description",
        "assessment",
        "intervention",
        Fold("_informed", N_("Parents informed"), ("parent_informed_at", "parent_informed_how"), 22, long=True),
        "referral",
        Fold("_status", N_("Status"), ("status", "closed_on"), 10),
        "referred_to_township",
    ),
    "home_visit": (
        "student_uuid",
        "class_uuid",
        Fold("_when", N_("Date of visit"), ("visited_on", "period"), 11, "spaced"),
        "method",
        "teacher_uuid",
        "family_member_met",
        "family_situation",
        "purpose",
        Fold("_performance", N_("At school and at home"), ("school_performance", "home_performance"), 30,
             "labelled", long=True),
        "parents_opinion",
        "problems",
        "measures",
        "next_follow_up",
    ),
    "bullying_case": (
        "serial",
        "found_on",
        "channel",
        "place_and_time",
        "students_involved",
        "behaviour",
        "description",
        Fold("_investigation", N_("Investigation"), ("investigation_start", "investigation_end"), 20, "span"),
        "conclusion",
        "handling",
        "parents_informed",
        "review",
        "revisit_on",
        Fold("_status", N_("Status"), ("status", "referred_to_township"), 18, "labelled"),
    ),
    "inspection": (
        "serial",
        "inspected_on",
        Fold("_checklist", N_("Checklist"), ("template_name", "template_version"), 20),
        "check_type",
        "inspector_uuid",
        "results",
        "summary",
    ),
}


def excel_columns(kind: RecordKind) -> tuple[Field, ...]:
    return kind.exported_fields


def pdf_columns(kind: RecordKind) -> tuple[Field, ...]:
    layout = PDF_LAYOUT.get(kind.key)
    if layout is None:
        return kind.exported_fields
    out = []
    for item in layout:
        if isinstance(item, Fold):
            kind_of = FieldKind.LONG_TEXT if item.long else FieldKind.TEXT
            out.append(Field(item.key, item.label, kind_of, width=item.width))
        else:
            out.append(kind.field(item))
    return tuple(out)


# --- cells ------------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A display value as printed text (dates the Chinese way, yes/no, numbers plain)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _span(values: Sequence[Any]) -> str:
    """held_on + started/ended: "2026年6月10日", then "10:00—10:06" on a line of its own; start—end
    dates otherwise."""
    if len(values) == 3 and isinstance(values[0], date):
        day, start, end = values
        times = [local(t).strftime("%H:%M") for t in (start, end) if isinstance(t, datetime)]
        return "\n".join(p for p in (format_date(day), "—".join(times)) if p)
    parts = [text_of(v) for v in values if v not in (None, "")]
    return "—\n".join(parts)  # each date whole on its line


def fold_text(fold: Fold, row: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    values = [row.get(p) for p in fold.parts]
    if fold.style == "ok_note":
        return "；".join(p for p in (text_of(values[0]), text_of(values[1])) if p)
    if fold.style == "ok_date_note":
        ok, when, note = values
        head = text_of(ok) + (f"（{format_date(when)}）" if isinstance(when, date) else "")
        return "：".join(p for p in (head, text_of(note)) if p)
    if fold.style == "span":
        return _span(values)
    if fold.style == "spaced":
        return " ".join(text_of(v) for v in values if v not in (None, ""))
    if fold.style == "labelled":
        return "\n".join(
            _("{label}: {text}", label=labels[p], text=text_of(v)) for p, v in zip(fold.parts, values, strict=True)
            if v not in (None, "")
        )  # fmt: skip
    return "；".join(text_of(v) for v in values if v not in (None, ""))


def _inspection_extras(ws: Workspace, rows: list[Row]) -> None:
    from safetydesk.services.inspection_paper import inspection_extras

    inspection_extras(ws, rows)


EXTRAS: dict[str, Callable[[Workspace, list[Row]], None]] = {"inspection": _inspection_extras}


def row_extras(ws: Workspace, kind: RecordKind, rows: list[Row]) -> None:
    """Computed cells: a kind's own (EXTRAS), then the PDF's folded cells."""
    extra = EXTRAS.get(kind.key)
    if extra is not None:
        extra(ws, rows)
    layout = PDF_LAYOUT.get(kind.key, ())
    folds = [item for item in layout if isinstance(item, Fold)]
    if not folds:
        return
    labels = {f.attr: _(f.label) for f in kind.fields}
    for row in rows:
        for fold in folds:
            if fold.key == "_checklist":
                version = row.get("template_version")
                name = text_of(row.get("template_name"))
                row[fold.key] = _("{name} (version {n})", name=name, n=version) if version else name
            else:
                row[fold.key] = fold_text(fold, row, labels)


# --- order ------------------------------------------------------------------------------------------

_NUMERALS = str.maketrans("一二三四五六七八九", "123456789")


def class_key(name: Any) -> str:
    """一年级（1）班 before 二年级（1）班: Chinese numerals sort as digits."""
    return str(name or "").translate(_NUMERALS)


SORTS: dict[str, Callable[[Row], Any]] = {
    "responsibility_assignment": lambda r: post_rank(r.get("post")),
    "staff": lambda r: post_rank(r.get("position")),
    "student": lambda r: (class_key(r.get("class_uuid")), str(r["_values"].get("student_no") or "")),
    "class": lambda r: class_key(r.get("name")),
}


def sort_rows(kind: RecordKind, rows: list[Row]) -> list[Row]:
    """Ledger order: as fetched (oldest first), or the kind's own order (posts by rank...)."""
    key = SORTS.get(kind.key)
    return sorted(rows, key=key) if key else rows
