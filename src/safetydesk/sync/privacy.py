"""What leaves a school, and in what form (sync.md "What each channel carries"; docs/sync-privacy.md).

Each wire kind travels one of four ways, decided from the registry, never from a list:
- ROWS: the kind's rows, without its sensitive fields (Field.sensitive): those leave the school
  only inside a referral.
- COUNTS: records about one child (a STUDENT reference: home visits, guardian contacts) and
  sensitive kinds without a referral flag: counts only.
- REFERRED: sensitive kinds with a `referred_to_township` flag: counts, plus the cases a person
  with that right marked for referral; withdrawing a referral travels as a withdrawal.
- ROSTER (students): counts per class and per grade, plus a label (name and class only) for each
  student a referred case in the same package points at.
Every count that leaves the school follows the small-cell rule (SMALL_CELL). The exporter
applies these rules and the importer refuses a school package that breaks them (not_referred).
CPU only: any thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from safetydesk.domain.fields import FieldKind
from safetydesk.i18n import _
from safetydesk.sync import codec, package, strict_json

REFERRAL_FIELD = "referred_to_township"
ROSTER_KIND = "student"
# What a referred case's student label carries: enough to know which child, nothing more.
LABEL_FIELDS = frozenset({"name", "class_uuid"})
# Counts from 1 to SMALL_CELL - 1 leave the school as SUPPRESSED: in a small school a count of 1
# in a category ("1 high-risk case in grade 6") can name a child.
SMALL_CELL = 3
SUPPRESSED = f"<{SMALL_CELL}"
GRADE = "grade"


class Travel(StrEnum):
    ROWS = "rows"
    COUNTS = "counts"
    REFERRED = "referred"
    ROSTER = "roster"


def travel(wk: codec.WireKind) -> Travel:
    if wk.key == ROSTER_KIND:
        return Travel.ROSTER
    if wk.sensitive:
        return Travel.REFERRED if any(f.attr == REFERRAL_FIELD for f in wk.fields) else Travel.COUNTS
    if any(f.kind == FieldKind.STUDENT for f in wk.fields):
        return Travel.COUNTS
    return Travel.ROWS


def sensitive_attrs(wk: codec.WireKind) -> tuple[str, ...]:
    return tuple(f.attr for f in wk.fields if f.sensitive)


def strip_sensitive(wk: codec.WireKind, rows: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    """Rows of a ROWS kind without its sensitive fields (a lazy map: rows may stream)."""
    attrs = sensitive_attrs(wk)
    if not attrs:
        return rows
    return ({**r, **dict.fromkeys(attrs)} for r in rows)


def label(row: Mapping[str, Any], wk: codec.WireKind) -> dict[str, Any]:
    """A student row reduced to its label: every field but the name and class left empty."""
    return {**row, **{f.attr: None for f in wk.fields if f.attr not in LABEL_FIELDS}}


def student_refs(wk: codec.WireKind, rows: Iterable[Mapping[str, Any]]) -> set[str]:
    attrs = [f.attr for f in wk.fields if f.kind == FieldKind.STUDENT]
    return {r[a] for r in rows for a in attrs if r.get(a)}


# --- counts ---------------------------------------------------------------------------------------


def counts(wk: codec.WireKind, rows: Iterable[Mapping[str, Any]], grades: Mapping[str, str]) -> dict[str, Any]:
    """Exact counts of the live rows, by choice and status fields; for the roster by class and
    grade; for child records of ordinary kinds also by class (`grades`: class uuid -> grade)."""
    live = [r for r in rows if r["deleted_at"] is None]
    by: dict[str, dict[str, int]] = {}
    for f in wk.fields:
        if f.kind == FieldKind.CHOICE or f.attr == wk.status_field:
            by[f.attr] = dict(Counter(str(r[f.attr]) if r[f.attr] is not None else "" for r in live))
    if wk.key == ROSTER_KIND or (wk.class_field and not wk.sensitive):
        attr = "class_uuid" if wk.key == ROSTER_KIND else str(wk.class_field)
        by[attr] = dict(Counter(r[attr] or "" for r in live))
        if wk.key == ROSTER_KIND:
            by[GRADE] = dict(Counter(grades.get(r[attr] or "", "") for r in live))
    return {"kind": wk.key, "total": len(live), "by": by}


def _small(n: int) -> bool:
    return 0 < n < SMALL_CELL


def protect(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The small-cell rule. Counts of 1..SMALL_CELL-1 become SUPPRESSED, the total included. A
    breakdown is withheld whole when its small cells could still be worked out: from an exact
    total (one small cell, or small cells that must all be 1 or all be 2), or, under a suppressed
    total, when two or more cells are small (each must then be 1)."""
    total = int(summary["total"])
    shown_total: int | str = SUPPRESSED if _small(total) else total
    by: dict[str, dict[str, int | str]] = {}
    for dim, cells in summary["by"].items():
        small = [n for n in cells.values() if _small(n)]
        k, rest = len(small), sum(small)
        # Under "<3" two small cells must each be 1; under an exact total, the small cells' sum is
        # known, which pins them when there is one, or when they must all be 1 or all be 2.
        derivable = k >= 2 if isinstance(shown_total, str) else k > 0 and (k == 1 or rest in (k, 2 * k))
        by[dim] = {} if derivable else {key: SUPPRESSED if _small(n) else n for key, n in cells.items()}
    return {"kind": summary["kind"], "total": shown_total, "by": by}


def _cell(value: Any) -> bool:
    return value == SUPPRESSED or (type(value) is int and 0 <= value <= package.MAX_SEQ)


def check_summary(content: bytes, wk: codec.WireKind, *, file: str) -> dict[str, Any]:
    """A summaries/<kind>.json from a school: the kind's counts, each a whole number >= 0 or
    SUPPRESSED, for a kind that travels as counts."""
    try:
        body = strict_json.loads(content, max_bytes=package.MAX_SMALL_MEMBER, max_depth=3)
    except strict_json.StrictJsonError as exc:
        raise package.reject("bad_payload", file=file, detail=exc.reason) from exc
    ok = (
        travel(wk) != Travel.ROWS
        and isinstance(body, dict)
        and set(body) == {"kind", "total", "by"}
        and body["kind"] == wk.key
        and _cell(body["total"])
        and isinstance(body["by"], dict)
        and all(isinstance(v, dict) and all(_cell(n) for n in v.values()) for v in body["by"].values())
    )
    if not ok:
        raise package.reject("bad_payload", file=file, detail=f"summary of {wk.key}")
    return body


# --- withdrawals ----------------------------------------------------------------------------------


def withdrawals_bytes(wk: codec.WireKind, withdrawn: list[tuple[str, int]]) -> bytes:
    rows = [{"uuid": u, "row_version": v} for u, v in sorted(withdrawn)]
    return strict_json.dumps_canonical({"kind": wk.key, "rows": rows})


def check_withdrawals(content: bytes, wk: codec.WireKind, *, file: str) -> list[tuple[str, int]]:
    """withdrawals/<kind>.json: (uuid, row_version) of referred cases no longer referred."""
    try:
        body = strict_json.loads(content, max_bytes=package.MAX_SMALL_MEMBER, max_depth=3)
    except strict_json.StrictJsonError as exc:
        raise package.reject("bad_payload", file=file, detail=exc.reason) from exc
    ok = (
        travel(wk) == Travel.REFERRED
        and isinstance(body, dict)
        and set(body) == {"kind", "rows"}
        and body["kind"] == wk.key
        and isinstance(body["rows"], list)
        and len(body["rows"]) <= package.MAX_TABLE_ROWS
    )
    out: list[tuple[str, int]] = []
    for r in body["rows"] if ok else ():
        if not (
            isinstance(r, dict)
            and set(r) == {"uuid", "row_version"}
            and isinstance(r["uuid"], str)
            and package.UUID_RE.fullmatch(r["uuid"])
            and type(r["row_version"]) is int
            and 1 <= r["row_version"] <= package.MAX_SEQ
        ):
            ok = False
            break
        out.append((r["uuid"], r["row_version"]))
    if not ok or len({u for u, _v in out}) != len(out):
        raise package.reject("bad_payload", file=file, detail=f"withdrawals of {wk.key}")
    return out


# --- what a school package may carry ------------------------------------------------------------


def _not_referred(file: str, line: int, kind: str, detail: str) -> Exception:
    return package.reject("not_referred", file=file, line=line, kind=kind, detail=detail)


def check_school_package(
    rows: Mapping[str, list[dict[str, Any]]],
    withdrawals: Mapping[str, list[tuple[str, int]]],
    kinds: Mapping[str, codec.WireKind],
    *,
    file: str,
) -> None:
    """Refuse a school package that carries what must not leave the school."""
    referred: set[str] = set()
    labelled: set[str] = set()
    for key, decoded in rows.items():
        wk = kinds[key]
        how = travel(wk)
        if how == Travel.COUNTS and decoded:
            raise _not_referred(file, 1, key, _("these records leave the school as counts only"))
        if how == Travel.REFERRED:
            for line, r in enumerate(decoded, start=1):
                if not r.get(REFERRAL_FIELD) or r["deleted_at"] is not None:
                    raise _not_referred(file, line, key, _("not marked for referral"))
            referred |= {r["uuid"] for r in decoded}
            labelled |= student_refs(wk, decoded)
        if how == Travel.ROWS and key != codec.ATTACHMENT_KEY and (attrs := sensitive_attrs(wk)):
            for line, r in enumerate(decoded, start=1):
                if any(r.get(a) not in (None, "") for a in attrs):
                    raise _not_referred(file, line, key, _("a field kept at the school"))
    for key, withdrawn in withdrawals.items():
        if referred & {u for u, _v in withdrawn}:
            raise package.reject("bad_payload", file=file, detail=f"withdrawals of {key}")
    roster = kinds.get(ROSTER_KIND)
    for line, r in enumerate(rows.get(ROSTER_KIND, []), start=1):
        assert roster is not None
        extra = [f.attr for f in roster.fields if f.attr not in LABEL_FIELDS and r.get(f.attr) not in (None, "")]
        if r["uuid"] not in labelled or extra:
            raise _not_referred(file, line, ROSTER_KIND, _("only the name of a student in a referred case"))
    for line, r in enumerate(rows.get(codec.ATTACHMENT_KEY, []), start=1):
        target = kinds.get(r["record_kind"])
        if target is None or not (travel(target) == Travel.ROWS or r["record_uuid"] in referred):
            raise _not_referred(file, line, codec.ATTACHMENT_KEY, _("an attachment of a record kept at the school"))
