"""A township centre with 40 schools x one school year of demo-scale data: every school's status
(`safetydesk status --json`), against raw SQL computing the same counts, in the same run.

The township is a real installation (services.installation.initialise in a temporary folder);
its 40 trusted schools (four kinds) and their rows are inserted directly with SQLAlchemy core
executemany (fast; no packages): per school and year about 16 staff, 30 hazards, 12 drills,
4 parent meetings, 24 safety lessons, 12 incidents with 24 reports, 24 inspections, 3 township
notices with 6 items, 2 replies and a review, and 40 imported packages with gaps. The day counted
is the end of the spring semester (2027-06-30).

Metrics (median of warm repetitions; quick: 10 schools):
- services.status.statuses() for all schools vs one sqlite3 connection running GROUP BY queries
  for the same counts (hazards open/overdue/major, drills, meetings, hours, incidents and their
  first reports, notices and replies, templates, packages) and assembling one dict per school;
- the `safetydesk status --json` process (start, open, migrate check, compute, print) vs a plain
  `python` process running that raw SQL and printing JSON.
The hazard counts of both are compared, so the baseline counts what status counts.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid as uuid_mod
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
TOWNSHIP = ("410522T01", "基准镇中心校")
AS_OF = date(2027, 6, 30)
YEAR_START = date(2026, 7, 1)
SPRING = (date(2027, 2, 15), date(2027, 7, 10))  # the default calendar's spring semester
SCHOOL_YEAR_START = date(2026, 9, 1)
TYPES = ("primary", "primary", "middle", "kindergarten")
UNFINISHED = ("registered", "graded", "assigned", "rectifying")
STATUSES = ("registered", "graded", "assigned", "rectifying", "verification_requested", "verified", "closed",
            "closed", "closed", "closed")  # fmt: skip


def _median(fn: Callable[[], Any], repeat: int) -> float:
    return median_seconds(fn, repeat)


# --- the data ------------------------------------------------------------------------------------


def _sample(column: Any, now: datetime) -> Any:
    name = type(column.type).__name__.lower()
    if "int" in name:
        return 1
    if "bool" in name:
        return False
    if "float" in name or "numeric" in name:
        return 1.0
    if "datetime" in name:
        return now
    if "date" in name:
        return YEAR_START
    return "x"


class _Rows:
    """Rows per table, each with its sync columns and sample values for required columns."""

    def __init__(self) -> None:
        self.tables: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        self.now = datetime.now(UTC)
        self.rng = random.Random(20270630)
        self.staff: dict[str, str] = {}  # owner -> a staff member, for required staff references

    def add(self, kind_key: str, owner: str, **values: Any) -> str:
        from safetydesk.domain.registry import get_kind

        table = get_kind(kind_key).model.__table__
        uuid = str(uuid_mod.UUID(int=self.rng.getrandbits(128), version=4))
        row = {"uuid": uuid, "owner": owner, "row_version": 1, "created_at": self.now, "created_by": "bench",
               "updated_at": self.now, "updated_by": "bench", "deleted_at": None}  # fmt: skip
        for column in table.columns:
            if column.name in row or column.name in values:
                continue
            targets = {fk.column.table.name for fk in column.foreign_keys}
            if column.nullable:
                row[column.name] = None
            elif targets == {"staff_member"}:
                row[column.name] = self.staff[owner]
            elif column.default is not None and not callable(getattr(column.default, "arg", None)):
                row[column.name] = column.default.arg
            else:
                row[column.name] = _sample(column, self.now)
        row.update(values)
        self.tables[table].append(row)
        if kind_key == "staff":
            self.staff.setdefault(owner, uuid)
        return uuid


def _day(rng: random.Random, start: date = YEAR_START, end: date = AS_OF) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _school_year(rows: _Rows, code: str) -> None:
    rng = rows.rng
    for i in range(16):
        rows.add("staff", code, name=f"教师{i}")
    for _ in range(30):
        found = _day(rng)
        rows.add("hazard", code, found_on=found, status=rng.choice(STATUSES),
                 grade="major" if rng.random() < 0.1 else "general", deadline=found + timedelta(days=14),
                 category="fire", location="教学楼", description="灭火器压力不足", check_type="routine")
    for month in range(12):
        rows.add("drill", code, name="疏散演练", drill_type="fire", mode="planned",
                 held_on=date(2026 + (month + 6) // 12, (month + 6) % 12 + 1, rng.randint(1, 28)))
    for held in (date(2026, 9, 20), date(2026, 12, 10), date(2027, 3, 18), date(2027, 6, 5)):
        rows.add("parent_meeting", code, held_on=held, scope="school", topic="家长会")
    for _ in range(24):
        rows.add("education_session", code, held_on=_day(rng, SCHOOL_YEAR_START), topic="防溺水", classes="全校",
                 module="accidental_injury", hours=rng.choice((0.5, 1.0, 1.5)))
    for _ in range(12):
        learned = datetime.combine(_day(rng), datetime.min.time(), UTC) + timedelta(hours=rng.randint(1, 10))
        incident = rows.add("incident", code, title="学生摔伤", level="general", occurred_at=learned,
                            learned_at=learned, place="操场", summary="课间摔伤。", sensitive=False)
        for report_type, minutes in (("first", rng.choice((30, 45, 75))), ("final", 2880)):
            rows.add("incident_report", code, incident_uuid=incident, report_type=report_type,
                     sent_at=learned + timedelta(minutes=minutes), late=minutes > 60 and report_type == "first")
    for _ in range(24):
        rows.add("inspection", code, template_key="daily_fire_patrol", template_name="每日防火巡查记录",
                 template_version=rng.randint(1, 3), inspected_on=_day(rng), check_type="routine")
    for n in range(3):
        issued = _day(rng, date(2027, 3, 1), date(2027, 6, 1))
        notice = rows.add("rectification_notice", TOWNSHIP[0], doc_number=f"督〔2027〕{n}号",
                          notice_type="rectification", school_code=code, school_name=code, deadline=issued
                          + timedelta(days=20), issued_by=TOWNSHIP[1], issued_on=issued)  # fmt: skip
        for number in (1, 2):
            rows.add("rectification_item", TOWNSHIP[0], notice_uuid=notice, school_code=code, number=number,
                     problem="消防器材过期")
        if n < 2:
            reply = rows.add("rectification_reply", code, notice_uuid=notice, completion="all_done",
                             replied_on=issued + timedelta(days=10))
            if n == 0:
                rows.add("rectification_review", TOWNSHIP[0], reply_uuid=reply, notice_uuid=notice,
                         school_code=code, decision="accepted", reviewed_on=issued + timedelta(days=12))


def _fill(database: Path, schools: list[tuple[str, str, str]]) -> None:
    from sqlalchemy import insert

    from safetydesk.models.db import make_engine
    from safetydesk.models.sync_state import ImportedPackage, TrustedPeer

    rows = _Rows()
    for code, _name, _type in schools:
        _school_year(rows, code)
    engine = make_engine(database)
    try:
        with engine.begin() as conn:
            for code, name, school_type in schools:
                conn.execute(insert(TrustedPeer.__table__), [{
                    "org_code": code, "org_name": name, "role": "school", "school_type": school_type,
                    "key_id": code.rjust(64, "0"), "sign_public_key": "x", "enc_public_key": "x",
                    "fingerprint": "0", "trusted_at": rows.now, "trusted_by": "bench",
                }])  # fmt: skip
                conn.execute(insert(ImportedPackage.__table__), [{
                    "sender_code": code, "seq": seq, "package_id": str(uuid_mod.uuid4()), "manifest_sha256": "0" * 64,
                    "signed_at": rows.now - timedelta(days=41 - seq), "imported_at": rows.now - timedelta(days=40 - seq),
                    "counts": {},
                } for seq in range(1, 41) if seq not in (17, 33)])  # fmt: skip
            for table, batch in rows.tables.items():
                conn.execute(insert(table), batch)
            conn.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


# --- the raw baseline ---------------------------------------------------------------------------


RAW_QUERIES = {
    "hazards": (
        "SELECT owner, sum(status != 'closed'), "
        f"sum(status IN {UNFINISHED!r} AND deadline < :d), sum(status != 'closed' AND grade = 'major') "
        "FROM hazard WHERE deleted_at IS NULL AND found_on <= :d GROUP BY owner"
    ),
    "drills": "SELECT owner, count(*) FROM drill WHERE deleted_at IS NULL AND held_on BETWEEN :s AND :d GROUP BY owner",
    "meetings": (
        "SELECT owner, count(*) FROM parent_meeting WHERE deleted_at IS NULL AND held_on BETWEEN :s AND :d "
        "GROUP BY owner"
    ),
    "hours": (
        "SELECT owner, sum(hours) FROM education_session WHERE deleted_at IS NULL AND held_on BETWEEN :y AND :d "
        "GROUP BY owner"
    ),
    "incidents": (
        "SELECT i.owner, count(*), sum(r.late = 0), sum(r.late = 1), sum(r.uuid IS NULL) FROM incident i "
        "LEFT JOIN incident_report r ON r.incident_uuid = i.uuid AND r.report_type = 'first' "
        "AND r.deleted_at IS NULL WHERE i.deleted_at IS NULL AND date(i.learned_at) BETWEEN :s AND :d "
        "GROUP BY i.owner"
    ),
    "notices": (
        "SELECT n.school_code, count(*), sum(r.uuid IS NULL), sum(r.uuid IS NULL AND n.deadline < :d), "
        "sum(r.uuid IS NOT NULL AND v.uuid IS NULL), sum(v.decision = 'accepted') FROM rectification_notice n "
        "LEFT JOIN rectification_reply r ON r.notice_uuid = n.uuid AND r.deleted_at IS NULL "
        "LEFT JOIN rectification_review v ON v.reply_uuid = r.uuid AND v.deleted_at IS NULL "
        "WHERE n.deleted_at IS NULL AND n.issued_on <= :d GROUP BY n.school_code"
    ),
    "templates": (
        "SELECT owner, template_key, max(template_version) FROM inspection WHERE deleted_at IS NULL "
        "AND inspected_on <= :d GROUP BY owner, template_key"
    ),
    "packages": (
        "SELECT sender_code, max(seq), count(*), max(signed_at), max(imported_at) FROM imported_package "
        "GROUP BY sender_code"
    ),
    "schools": "SELECT org_code, org_name, school_type FROM trusted_peer WHERE role = 'school' ORDER BY org_code",
}


def raw_status(database: str | Path, as_of: date = AS_OF) -> list[dict[str, Any]]:
    """The same counts with plain sqlite3, one dict per school."""
    conn = sqlite3.connect(database)
    try:
        params = {"d": as_of.isoformat(), "s": SPRING[0].isoformat(), "y": SCHOOL_YEAR_START.isoformat()}
        got = {name: conn.execute(sql, params).fetchall() for name, sql in RAW_QUERIES.items()}
    finally:
        conn.close()
    by = {name: {r[0]: r[1:] for r in rows} for name, rows in got.items() if name not in ("schools", "templates")}
    templates: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for owner, key, version in got["templates"]:
        templates[owner].append({"code": key, "version": version})
    out = []
    for code, name, school_type in got["schools"]:
        h = by["hazards"].get(code, (0, 0, 0))
        inc = by["incidents"].get(code, (0, 0, 0, 0))
        n = by["notices"].get(code, (0, 0, 0, 0, 0))
        p = by["packages"].get(code)
        out.append({
            "school": {"code": code, "name": name, "type": school_type}, "as_of": as_of.isoformat(),
            "hazards": {"open": h[0], "overdue": h[1], "major_open": h[2]},
            "drills": {"done": by["drills"].get(code, (0,))[0]},
            "parent_meetings": {"held": by["meetings"].get(code, (0,))[0]},
            "education_hours": {"done": by["hours"].get(code, (0,))[0]},
            "incidents": {"total": inc[0], "on_time": inc[1], "late": inc[2], "still_due": inc[3]},
            "notices": {"total": n[0], "open": n[1], "overdue": n[2], "answered": n[3], "accepted": n[4]},
            "templates": templates[code],
            "last_package": None if p is None else {"seq": p[0], "signed_at": p[2], "imported_at": p[3]},
            "missing_packages": 0 if p is None else p[0] - p[1],
        })  # fmt: skip
    return out


def raw_main(database: str) -> None:
    """The baseline process: raw SQL, JSON on stdout."""
    sys.stdout.write(json.dumps(raw_status(database), ensure_ascii=False, indent=2, default=str) + "\n")


# --- the run --------------------------------------------------------------------------------------


def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
    n = 10 if quick else 40
    repeat = 3 if quick else 5
    tmp = Path(tempfile.mkdtemp(prefix="safetydesk-bench-township-"))
    try:
        return _run(tmp, n, repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _process(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]}... exited {proc.returncode}: {proc.stderr.strip()[:300]}")
    return took


def _run(tmp: Path, n: int, repeat: int) -> list[tuple[str, float, float, str]]:
    from safetydesk.paths import DataPaths
    from safetydesk.services import status
    from safetydesk.services.installation import TOWNSHIP as ROLE
    from safetydesk.services.installation import InitRequest, initialise
    from safetydesk.services.storage import open_storage

    paths = DataPaths(tmp / "township")
    initialise(paths, InitRequest(role=ROLE, code=TOWNSHIP[0], name=TOWNSHIP[1])).close()
    schools = [(f"41052200{i:02d}", f"基准第{i}校", TYPES[i % len(TYPES)]) for i in range(1, n + 1)]
    t0 = time.perf_counter()
    _fill(paths.database, schools)
    fill_s = time.perf_counter() - t0
    storage = open_storage(paths)
    try:
        ours = status.statuses(storage.sessions, AS_OF)
        raw = raw_status(paths.database)
        assert [s.code for s in ours] == [r["school"]["code"] for r in raw]
        for st, r in zip(ours, raw, strict=True):  # the baseline counts what status counts
            assert st.as_json()["hazards"] == r["hazards"], (st.code, st.as_json()["hazards"], r["hazards"])
            assert st.drills.held == r["drills"]["done"] and st.parent_meetings.held == r["parent_meetings"]["held"]
        with storage.sessions() as s:
            rows = sum(int(s.connection().exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() or 0) for t in (
                "hazard", "drill", "parent_meeting", "education_session", "incident", "incident_report",
                "inspection", "rectification_notice", "rectification_item", "rectification_reply", "staff_member"))
        service = _median(lambda: status.statuses(storage.sessions, AS_OF), repeat)
        baseline = _median(lambda: raw_status(paths.database), repeat)
    finally:
        storage.close()
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("SAFETYDESK_NOW", None)
    exe = ROOT / ".venv" / "bin" / "safetydesk"
    ours_cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "safetydesk"]),
                "--data-dir", str(paths.root), "status", "--json", "--as-of", AS_OF.isoformat()]  # fmt: skip
    raw_cmd = [sys.executable, "-c", f"from bench.bench_township import raw_main; raw_main({str(paths.database)!r})"]
    cli = _median(lambda: _process(ours_cmd, env), max(3, repeat - 2))
    cli_raw = _median(lambda: _process(raw_cmd, env), max(3, repeat - 2))
    note = f"{n} schools, {rows:,} rows (filled in {fill_s:.1f} s)"
    return [
        (f"township status, {n} schools (service)", service, baseline,
         f"services.status.statuses() vs sqlite3 GROUP BY of the same counts; {note}"),
        (f"township status --json, {n} schools (process)", cli, cli_raw,
         "safetydesk status --json process vs python process running the raw SQL, printing JSON"),
    ]  # fmt: skip
