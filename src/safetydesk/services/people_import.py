"""Import staff, classes and students from the Excel template this module writes.

The template has three sheets (教职工 / 班级 / 学生) whose headers are the registry's field labels.
Import is all or nothing: every row of every sheet is validated with the registry, references are
resolved by name (a class's 班主任 by staff name, a student's 班级 by class name, looking in the
file first and then among the live records), duplicates are checked inside the file and against
the database, and every problem is reported by sheet, row number and column. Only a clean file is
written, in ONE transaction (checks and writes in the same session), so nothing partial remains.

CPU, file and database work: run it on the database thread (the UI uses runner.long).
"""

from __future__ import annotations

import uuid as uuid_mod
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock
from safetydesk.domain.fields import Field, FieldKind
from safetydesk.domain.registry import RecordKind, get_kind
from safetydesk.domain.validation import clean
from safetydesk.errors import Cancelled, SafetyDeskError, ValidationError
from safetydesk.i18n import _
from safetydesk.services import policy, records
from safetydesk.services.changes import Actor, Changes
from safetydesk.services.progress import NoProgress, ProgressSink

KIND_ORDER = ("staff", "class", "student")  # references point backwards in this order
# Sheet names the reader accepts besides the translated title (a template made in either language).
SHEET_ALIASES = {"staff": ("教职工", "Staff"), "class": ("班级", "Classes"), "student": ("学生", "Students")}
EXAMPLE_MARKS = ("（示例）", "(示例)", "(example)", "（example）")
EXAMPLES: dict[str, dict[str, Any]] = {
    "staff": {
        "name": "（示例）王芳",
        "gender": "female",
        "position": "班主任",
        "phone": "13800000000",
        "active": True,
    },
    "class": {
        "name": "（示例）一年级1班",
        "grade": "一年级",
        "school_year": "2026-2027",
        "head_teacher_uuid": "（示例）王芳",
        "student_count": 45,
    },
    "student": {
        "name": "（示例）李明",
        "student_no": "20260001",
        "gender": "male",
        "birth_date": date(2019, 9, 1),
        "class_uuid": "（示例）一年级1班",
        "guardian_name": "李强",
        "guardian_phone": "13900000000",
    },
}
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000  # per sheet; a school has a few thousand people at most
MAX_COLUMNS = 60
MAX_CELL_CHARS = 2_000  # longer text cannot be a name or phone; reported, never stored
MAX_PROBLEMS = 200
_TICK = 200


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # 1-based row number as Excel shows it (0: the sheet itself)
    column: str  # the header as written in the file ("" for the whole row or sheet)
    message: str

    def __str__(self) -> str:
        if not self.row:
            return _("Sheet “{sheet}”: {message}", sheet=self.sheet, message=self.message)
        if not self.column:
            return _(
                "Sheet “{sheet}”, row {row}: {message}", sheet=self.sheet, row=self.row, message=self.message
            )
        return _(
            "Sheet “{sheet}”, row {row}, column “{column}”: {message}",
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            message=self.message,
        )


class PeopleImportRejected(SafetyDeskError):
    """The file has problems; `problems` lists each by sheet, row and column. Nothing was imported."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        lines = [str(p) for p in problems[:20]]
        rest = len(problems) - len(lines) + more
        if rest > 0:
            lines.append(_("… and {n} more problems.", n=rest))
        super().__init__(
            _(
                "The file has {n} problems; nothing was imported. Correct them in the "
                "file and import it again.",
                n=len(problems) + more,
            )
            + "\n"
            + "\n".join(lines)
        )
        self.problems = problems
        self.more = more


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    counts: dict[str, int] = field(default_factory=dict)  # kind key -> rows
    dry_run: bool = False
    changes: Changes = field(default_factory=Changes)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class _Row:
    kind: str
    sheet: str
    row: int
    raw: dict[str, Any]  # attr -> cell value
    uuid: str = field(default_factory=lambda: str(uuid_mod.uuid4()))
    cleaned: dict[str, Any] = field(default_factory=dict)


def sheet_title(kind_key: str) -> str:
    return _(get_kind(kind_key).title)


def template_fields(kind_key: str) -> tuple[Field, ...]:
    return tuple(f for f in get_kind(kind_key).fields if f.editable)


# --- the template ------------------------------------------------------------------------------


def _example_cell(f: Field, value: Any) -> Any:
    if f.kind is FieldKind.CHOICE:
        c = f.choice(value)
        return _(c.label) if c else value
    if f.kind is FieldKind.BOOL:
        return _("Yes") if value else _("No")
    return value


def write_template(out: str | Path) -> Path:
    """Write the import template (three sheets, headers, one example row, choice lists)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from safetydesk.reports.output import atomic_output, check_writable

    out = Path(out)
    check_writable(out)
    wb = Workbook()
    wb.remove(wb.active)
    grey = Font(italic=True, color="808080")
    for key in KIND_ORDER:
        ws = wb.create_sheet(sheet_title(key))
        fields = template_fields(key)
        ws.append([_(f.label) for f in fields])
        ws.append([_example_cell(f, EXAMPLES[key].get(f.attr)) for f in fields])
        for i, f in enumerate(fields, 1):
            letter = get_column_letter(i)
            head = ws.cell(row=1, column=i)
            head.font = Font(bold=True)
            head.fill = PatternFill("solid", fgColor="E0E0E0")
            ws.column_dimensions[letter].width = max(f.width, len(_(f.label)) * 2) + 4
            ws.cell(row=2, column=i).font = grey
            if f.required:
                head.comment = Comment(_("Required"), "SafetyDesk")
            options: list[str] = []
            if f.kind is FieldKind.CHOICE:
                options = [_(c.label) for c in f.choices]
            elif f.kind is FieldKind.BOOL:
                options = [_("Yes"), _("No")]
            if options and sum(len(o) + 1 for o in options) < 250:
                dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
                dv.add(f"{letter}2:{letter}{MAX_ROWS}")
                ws.add_data_validation(dv)
            if f.kind is FieldKind.DATE:
                ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
                ws.cell(row=2, column=i).number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    notes = wb.create_sheet(_("Instructions"))
    for line in (
        _("Fill one row per person or class below the header row; do not rename sheets or headers."),
        _("Rows whose name starts with “（示例）” are examples and are skipped; you may delete them."),
        _("Dates like 2026-09-01. A class's class teacher and a student's class are written by name."),
        _(
            "Nothing is imported until the whole file is correct: every problem is listed with its "
            "sheet, row and column."
        ),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return out


# --- reading -----------------------------------------------------------------------------------


def _bad_file(path: Path) -> SafetyDeskError:
    return SafetyDeskError(
        _(
            "{name} cannot be read as an Excel workbook (.xlsx). Save it from Excel "
            "or WPS as .xlsx (use the template) and try again; nothing was imported.",
            name=path.name,
        )
    )


def _cell_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _header_map(kind: RecordKind) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in template_fields(kind.key):
        for name in (_(f.label), f.label, f.attr):
            out.setdefault(name.strip().lower(), f)
    return out


def _is_yes_no(value: Any) -> bool:
    if isinstance(value, bool | int):
        return value in (0, 1)
    words = {_("Yes"), _("No"), "是", "否", "yes", "no", "y", "n", "true", "false", "√", "×", "x", "1", "0"}
    return str(value).strip().lower() in {w.lower() for w in words}


def _is_example(raw: Mapping[str, Any]) -> bool:
    name = raw.get("name")
    return isinstance(name, str) and name.lower().startswith(EXAMPLE_MARKS)


def _read_sheet(ws: Any, key: str, sheet: str, problems: list[Problem], progress: ProgressSink) -> list[_Row]:
    kind = get_kind(key)
    headers = _header_map(kind)
    rows_iter: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header_row = next(rows_iter, None)
    if header_row is None:
        problems.append(Problem(sheet, 0, "", _("the header row is missing.")))
        return []
    columns: list[tuple[int, Field, str]] = []
    seen: set[str] = set()
    for i, cell in enumerate(header_row):
        if cell is None or str(cell).strip() == "":
            continue
        text = str(cell).strip()[:100]
        f = headers.get(text.lower())
        if f is None:
            continue  # an extra column the school added (notes...) is ignored
        if f.attr in seen:
            problems.append(Problem(sheet, 1, text, _("this column appears twice.")))
            continue
        seen.add(f.attr)
        columns.append((i, f, text))
    missing = [f for f in template_fields(key) if f.required and f.attr not in seen]
    for f in missing:
        problems.append(
            Problem(sheet, 1, _(f.label), _("the required column is missing; use the template's headers."))
        )
    if missing:
        return []
    out: list[_Row] = []
    for number, values in enumerate(rows_iter, 2):
        if len(out) >= MAX_ROWS and any(v is not None and v != "" for v in values):
            # Only rows with data count: a sheet formatted down to row 1,048,576 is fine.
            problems.append(
                Problem(sheet, number, "", _("too many rows (at most {n} per sheet).", n=MAX_ROWS))
            )
            break
        if number % _TICK == 0:
            if progress.cancelled:
                raise Cancelled(_("Cancelled; nothing was imported."))
            progress.report(number, 0, _("Reading sheet “{sheet}”…", sheet=sheet))
        raw: dict[str, Any] = {}
        too_long = False
        for i, f, text in columns:
            value = _cell_value(values[i]) if i < len(values) else None
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                problems.append(
                    Problem(
                        sheet,
                        number,
                        text,
                        _(
                            "{label} is too long ({n} characters; at most {limit}).",
                            label=_(f.label),
                            n=len(value),
                            limit=f.text_limit or MAX_CELL_CHARS,
                        ),
                    )
                )
                too_long = True
                continue
            if value is not None and f.kind is FieldKind.BOOL and not _is_yes_no(value):
                problems.append(
                    Problem(
                        sheet,
                        number,
                        text,
                        _("{label}: write {yes} or {no}.", label=_(f.label), yes=_("Yes"), no=_("No")),
                    )
                )
                continue
            if value is not None:
                raw[f.attr] = value
        if not raw and not too_long:
            continue  # blank row
        if _is_example(raw):
            continue
        out.append(_Row(key, sheet, number, raw))
    return out


def read_rows(
    path: str | Path, progress: ProgressSink | None = None
) -> tuple[dict[str, list[_Row]], dict[str, dict[str, str]], list[Problem]]:
    """The file's rows per kind, the header text of each column (kind -> attr -> header), and the
    problems found in the file's shape. Raises SafetyDeskError for a file that is not a workbook."""
    from openpyxl import load_workbook

    progress = progress or NoProgress()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise SafetyDeskError(
            _("{name} cannot be opened; check the file and try again.", name=path.name)
        ) from None
    if size > MAX_FILE_BYTES:
        raise SafetyDeskError(
            _(
                "{name} is too large for a staff and student list ({mb} MB). Nothing was imported.",
                name=path.name,
                mb=size // (1024 * 1024),
            )
        )
    if not zipfile.is_zipfile(path):
        raise _bad_file(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key, value errors) on bad input
        raise _bad_file(path) from None
    problems: list[Problem] = []
    rows: dict[str, list[_Row]] = {}
    headers: dict[str, dict[str, str]] = {}
    try:
        names = {n.strip(): n for n in wb.sheetnames}
        found_any = False
        for key in KIND_ORDER:
            wanted = (sheet_title(key), *SHEET_ALIASES[key])
            name = next((names[w] for w in wanted if w in names), None)
            if name is None:
                problems.append(
                    Problem(
                        sheet_title(key),
                        0,
                        "",
                        _(
                            "the sheet is missing; the file must have the sheets {names} (use the template).",
                            names="、".join(sheet_title(k) for k in KIND_ORDER),
                        ),
                    )
                )
                continue
            found_any = True
            try:
                rows[key] = _read_sheet(wb[name], key, name, problems, progress)
            except (Cancelled, SafetyDeskError):
                raise
            except Exception:
                raise _bad_file(path) from None
            kind_headers = {}
            for f in template_fields(key):
                kind_headers[f.attr] = _(f.label)
            headers[key] = kind_headers
        if not found_any:
            raise SafetyDeskError(
                _(
                    "{name} is not a SafetyDesk staff and student list: it has none "
                    "of the sheets {names}. Save the template and fill it in.",
                    name=path.name,
                    names="、".join(sheet_title(k) for k in KIND_ORDER),
                )
            )
    finally:
        wb.close()
    return rows, headers, problems


# --- checking ----------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return str(text or "").strip()


@dataclass
class _Existing:
    staff: dict[str, list[str]]  # name -> uuids
    classes: dict[str, list[tuple[str, str]]]  # name -> [(uuid, school_year)]
    student_nos: set[str]
    students: set[tuple[str, str | None, date | None]]  # (name, class uuid, birth date)


def _existing(s: Session) -> _Existing:
    staff_m, class_m, student_m = (get_kind(k).model for k in KIND_ORDER)
    staff: dict[str, list[str]] = {}
    for u, n in s.execute(select(staff_m.uuid, staff_m.name).where(staff_m.deleted_at.is_(None))):
        staff.setdefault(_norm(n), []).append(u)
    classes: dict[str, list[tuple[str, str]]] = {}
    for u, n, y in s.execute(
        select(class_m.uuid, class_m.name, class_m.school_year).where(class_m.deleted_at.is_(None))
    ):
        classes.setdefault(_norm(n), []).append((u, _norm(y)))
    nos: set[str] = set()
    people: set[tuple[str, str | None, date | None]] = set()
    for n, no, c, b in s.execute(
        select(student_m.name, student_m.student_no, student_m.class_uuid, student_m.birth_date).where(
            student_m.deleted_at.is_(None)
        )
    ):
        if no:
            nos.add(_norm(no))
        people.add((_norm(n), c, b))
    return _Existing(staff, classes, nos, people)


class _Checker:
    def __init__(
        self,
        rows: dict[str, list[_Row]],
        headers: dict[str, dict[str, str]],
        existing: _Existing,
        problems: list[Problem],
    ) -> None:
        self.rows, self.headers, self.db, self.problems = rows, headers, existing, problems

    def problem(self, r: _Row, attr: str, message: str) -> None:
        column = self.headers.get(r.kind, {}).get(attr, "") if attr else ""
        self.problems.append(Problem(r.sheet, r.row, column, message))

    def run(self, progress: ProgressSink) -> None:
        staff_rows = self.rows.get("staff", [])
        class_rows = self.rows.get("class", [])
        file_staff: dict[str, list[_Row]] = {}
        for r in staff_rows:
            file_staff.setdefault(_norm(r.raw.get("name")), []).append(r)
        file_classes: dict[str, list[_Row]] = {}
        for r in class_rows:
            file_classes.setdefault(_norm(r.raw.get("name")), []).append(r)
        done = 0
        for key in KIND_ORDER:
            for r in self.rows.get(key, []):
                done += 1
                if done % _TICK == 0:
                    if progress.cancelled:
                        raise Cancelled(_("Cancelled; nothing was imported."))
                    progress.report(done, 0, _("Checking rows…"))
                values = dict(r.raw)
                if key == "class":
                    self._resolve(
                        r,
                        values,
                        "head_teacher_uuid",
                        file_staff,
                        self.db.staff,
                        _("no staff member named “{name}” in this file or in SafetyDesk."),
                        _("several staff members are named “{name}”; make the names distinct."),
                    )
                elif key == "student":
                    self._resolve(
                        r,
                        values,
                        "class_uuid",
                        file_classes,
                        {n: [u for u, _y in v] for n, v in self.db.classes.items()},
                        _("no class named “{name}” in this file or in SafetyDesk."),
                        _(
                            "several classes are named “{name}”; list the class in this "
                            "file's class sheet or make the names distinct."
                        ),
                    )
                try:
                    r.cleaned = clean(get_kind(key), values)
                except ValidationError as exc:
                    if exc.field_errors:
                        for attr, message in exc.field_errors.items():
                            self.problem(r, attr, message)
                    else:
                        self.problem(r, "", exc.user_message)
        self._duplicates()

    def _resolve(
        self,
        r: _Row,
        values: dict[str, Any],
        attr: str,
        in_file: Mapping[str, list[_Row]],
        in_db: Mapping[str, list[str]],
        none_msg: str,
        many_msg: str,
    ) -> None:
        name = values.get(attr)
        if name is None:
            return
        name = _norm(name)
        matches = [x.uuid for x in in_file.get(name, [])] or list(in_db.get(name, []))
        if len(matches) == 1:
            values[attr] = matches[0]
            return
        values.pop(attr)
        self.problem(r, attr, (none_msg if not matches else many_msg).format(name=name))

    def _duplicates(self) -> None:
        seen: dict[Any, int] = {}

        def once(r: _Row, key: Any, attr: str) -> bool:
            first = seen.setdefault(key, r.row)
            if first != r.row:
                self.problem(r, attr, _("the same as row {row} of this sheet.", row=first))
                return False
            return True

        for r in self.rows.get("staff", []):
            name = _norm(r.raw.get("name"))
            if not name:
                continue
            if once(r, ("staff", name), "name") and name in self.db.staff:
                self.problem(
                    r, "name", _("a staff member named “{name}” already exists in SafetyDesk.", name=name)
                )
        for r in self.rows.get("class", []):
            name, year = _norm(r.raw.get("name")), _norm(r.raw.get("school_year"))
            if not name:
                continue
            if once(r, ("class", name, year), "name") and any(
                y == year for _u, y in self.db.classes.get(name, [])
            ):
                self.problem(
                    r,
                    "name",
                    _(
                        "the class “{name}” of school year “{year}” already exists in SafetyDesk.",
                        name=name,
                        year=year or "-",
                    ),
                )
        for r in self.rows.get("student", []):
            no = _norm(r.raw.get("student_no"))
            if no:
                if once(r, ("student_no", no), "student_no") and no in self.db.student_nos:
                    self.problem(
                        r, "student_no", _("a student with number {no} already exists in SafetyDesk.", no=no)
                    )
                continue
            if not r.cleaned:
                continue
            key = (_norm(r.cleaned.get("name")), r.cleaned.get("class_uuid"), r.cleaned.get("birth_date"))
            if once(r, ("student", *key), "name") and key in self.db.students:
                self.problem(
                    r,
                    "name",
                    _("this student (same name, class and date of birth) already exists in SafetyDesk."),
                )


# --- importing ---------------------------------------------------------------------------------


def _insert(s: Session, actor: Actor, kind: RecordKind, r: _Row, now: datetime) -> None:
    """Create one checked row inside the import's single transaction."""
    records.create_in(s, actor, kind, r.cleaned, now, uuid=r.uuid, reason=_("Imported from Excel"),
                      event_detail="import")


def _check(s: Session, path: str | Path, progress: ProgressSink) -> dict[str, list[_Row]]:
    rows, headers, problems = read_rows(path, progress)
    _Checker(rows, headers, _existing(s), problems).run(progress)
    if problems:
        more = max(0, len(problems) - MAX_PROBLEMS)
        raise PeopleImportRejected(problems[:MAX_PROBLEMS], more)
    return rows


def import_people(
    sessions: sessionmaker[Session],
    actor: Actor,
    path: str | Path,
    progress: ProgressSink | None = None,
    *,
    dry_run: bool = False,
) -> ImportSummary:
    """Check the whole file, then (unless `dry_run`) write every row in one transaction.

    Raises PeopleImportRejected listing every problem, SafetyDeskError for a file that is not a
    template workbook, Cancelled when the user cancels; in each case nothing was written.
    """
    progress = progress or NoProgress()
    now = clock.now()
    with sessions.begin() as s:
        rows = _check(s, path, progress)
        counts = {k: len(rows.get(k, [])) for k in KIND_ORDER}
        summary = ImportSummary(counts=counts, dry_run=dry_run)
        if dry_run or not summary.total:
            return summary  # only read: the transaction commits nothing
        for key in KIND_ORDER:
            if rows.get(key):
                policy.current().check(actor, get_kind(key), "create")
        total, done = summary.total, 0
        progress.report(0, total, _("Importing…"))
        for key in KIND_ORDER:
            kind = get_kind(key)
            for r in rows.get(key, []):
                _insert(s, actor, kind, r, now)
                done += 1
                if done % _TICK == 0:
                    s.flush()
                    if progress.cancelled:
                        raise Cancelled(_("Cancelled; nothing was imported."))
                    progress.report(done, total, _("Importing…"))
            s.flush()  # staff before the classes that name them, classes before students
        if progress.cancelled:
            raise Cancelled(_("Cancelled; nothing was imported."))
        progress.report(total, total, _("Importing…"))
    summary.changes = Changes.of(*(k for k, n in counts.items() if n))
    return summary


def count_text(summary: ImportSummary) -> str:
    parts: Iterable[str] = (f"{_(get_kind(k).title)} {n}" for k, n in summary.counts.items())
    return "，".join(parts)
