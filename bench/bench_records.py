"""The hazard list with 100,000 hazards: first page and Chinese search, against raw baselines.

A real installation (services.installation.initialise in a temporary folder) gets 100,000
hazards (quick: 10,000) inserted with SQLAlchemy core executemany, and their record_fts entries
(what services.search.reindex writes). Then, in the same run:

- the first page of the list as the UI shows it (RecordTableModel.reload(): count + 100 rows +
  reference names read on the TaskRunner's database thread, timed until the model shows them)
  vs plain sqlite3 fetching the same count and page, and vs QSqlQueryModel;
- a 2-character and a 3-character Chinese search through services.records (count + first page)
  vs plain sqlite3 running the equivalent SQL.

Each timing is the median of several warm repetitions. Peak memory (ru_maxrss) is in the notes.
Aim: first page within 2x, search under 100 ms, peak under 300 MB.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.timing import median_seconds

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LOCATIONS = [
    "教学楼一楼",
    "教学楼二楼东侧",
    "实验楼三楼",
    "学生宿舍",
    "食堂后厨",
    "操场篮球架",
    "东侧围墙",
    "校门口",
    "锅炉房",
    "配电室",
    "图书室",
    "厕所",
    "车棚",
    "学校南侧河塘",
]
PROBLEMS = [
    "灭火器压力不足",
    "插座面板破损，线头外露",
    "栏杆扶手松动",
    "墙体出现裂缝",
    "应急灯不亮",
    "安全出口被杂物堵塞",
    "燃气报警器失灵",
    "井盖缺失",
    "窗户玻璃破裂",
    "楼梯防滑条脱落",
    "护栏缺失约10米",
    "排烟罩油污严重",
    "电线私拉乱接",
    "消防通道堵塞",
]
CATEGORIES = ["fire", "electricity", "school_building", "food", "drowning", "sports_equipment"]
SEARCH_2 = "灭火"  # 2 characters: LIKE/instr fallback
SEARCH_3 = "灭火器"  # 3 characters: FTS5 trigram
PAGE = 100


def _median(fn: Callable[[], Any], repeat: int) -> float:
    return median_seconds(fn, repeat)


def _rows(n: int, owner: str, rng: random.Random) -> Any:
    now = datetime.now(UTC)
    start = date(2020, 1, 1)
    for i in range(n):
        found = start + timedelta(days=rng.randrange(0, 2400))
        problem = rng.choice(PROBLEMS)
        location = rng.choice(LOCATIONS)
        yield {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "owner": owner,
            "row_version": 1,
            "created_at": now - timedelta(seconds=n - i),
            "created_by": "bench",
            "updated_at": now,
            "updated_by": "bench",
            "deleted_at": None,
            "found_on": found,
            "check_type": "routine",
            "inspector_uuid": None,
            "category": rng.choice(CATEGORIES),
            "location": location,
            "description": f"{location}{problem}，第{i}号检查发现。",
            "grade": "general",
            "risk_colour": None,
            "measures": None,
            "responsible_uuid": None,
            "deadline": None,
            "funds_amount": None,
            "funds_source": None,
            "interim_controls": None,
            "warning_set": False,
            "escalated_to_township": False,
            "escalated_on": None,
            "rectified_by_uuid": None,
            "done_on": None,
            "result": None,
            "verifier_uuid": None,
            "verified_on": None,
            "status": "registered",
            "closed_on": None,
            "inspection_uuid": None,
            "notice_uuid": None,
        }


def _fill(ws: Any, n: int) -> float:
    from sqlalchemy import insert, text

    from safetydesk.domain.registry import get_kind
    from safetydesk.services.search import index_body

    kind = get_kind("hazard")
    table = kind.model.__table__
    rng = random.Random(20261128)
    t0 = time.perf_counter()
    rows = _rows(n, ws.info.org_code, rng)
    chunk = 10_000
    with ws.sessions.begin() as s:
        while True:
            batch = [r for _, r in zip(range(chunk), rows, strict=False)]
            if not batch:
                break
            s.execute(insert(table), batch)
            s.execute(
                text("INSERT INTO record_fts (body, kind, uuid) VALUES (:b, 'hazard', :u)"),
                [{"b": index_body(kind, r), "u": r["uuid"]} for r in batch],
            )
    with ws.sessions() as s:
        s.execute(text("ANALYZE"))
    return time.perf_counter() - t0


def _raw_page_sql() -> str:
    # The columns the model reads (every field + the sync columns RecordData carries), in the
    # list's default order (newest found first, then newest created).
    from safetydesk.domain.registry import get_kind

    cols = [
        "uuid",
        "owner",
        "row_version",
        "updated_at",
        "updated_by",
        "deleted_at",
        *(f.attr for f in get_kind("hazard").fields),
    ]
    return (
        f"SELECT {', '.join(cols)} FROM hazard WHERE deleted_at IS NULL "
        "ORDER BY found_on DESC, created_at DESC, uuid LIMIT 100"
    )


def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
    n = 10_000 if quick else 100_000
    repeat = 3 if quick else 7
    tmp = Path(tempfile.mkdtemp(prefix="safetydesk-bench-records-"))
    try:
        return _run(tmp, n, repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(tmp: Path, n: int, repeat: int) -> list[tuple[str, float, float, str]]:
    from PySide6.QtWidgets import QApplication

    from safetydesk.paths import DataPaths
    from safetydesk.services import records
    from safetydesk.services.installation import SCHOOL, InitRequest, initialise
    from safetydesk.services.workspace import open_workspace

    app = QApplication.instance() or QApplication([])
    paths = DataPaths(tmp / "school")
    initialise(
        paths,
        InitRequest(
            role=SCHOOL,
            code="4105220001",
            name="基准测试小学",
            township_code="410522T01",
            township_name="基准镇中心校",
            admin_password="bench-password-1",
        ),
    ).close()
    ws = open_workspace(paths)
    out: list[tuple[str, float, float, str]] = []
    try:
        fill_s = _fill(ws, n)
        from PySide6.QtCore import QEventLoop

        from safetydesk.domain.registry import get_kind
        from safetydesk.ui.record_table import RecordTableModel
        from safetydesk.ui.tasks import TaskRunner

        kind = get_kind("hazard")
        runner = TaskRunner()
        model = RecordTableModel(ws, kind, runner)
        arrived = QEventLoop()
        model.loaded.connect(arrived.quit)

        def reload_and_wait() -> None:  # the read runs on the runner's thread, as in the app
            model.reload()
            arrived.exec()
        raw = sqlite3.connect(paths.database)
        page_sql = _raw_page_sql()

        def raw_first_page() -> None:
            raw.execute("SELECT count(*) FROM hazard WHERE deleted_at IS NULL").fetchone()
            raw.execute(page_sql).fetchall()

        def model_reload() -> None:
            reload_and_wait()

        def model_first_page_shown() -> None:
            reload_and_wait()
            for r in range(min(PAGE, model.rowCount())):  # every cell a view paints
                for c in range(model.columnCount()):
                    model.data(model.index(r, c))

        ours = _median(model_reload, repeat)
        base = _median(raw_first_page, repeat)
        assert model.rowCount() == PAGE and model.total() == n
        out.append(
            (
                f"hazard list first page ({n:,} rows)",
                ours,
                base,
                "RecordTableModel.reload() (count+100 rows) vs sqlite3 same count+page",
            )
        )

        qsql = _qsql_first_page(paths.database, page_sql.replace(" LIMIT 100", ""), model.columnCount())
        if qsql is not None:
            shown = _median(model_first_page_shown, repeat)
            out.append(
                (
                    "  shown: + data() of every cell",
                    shown,
                    qsql,
                    "vs QSqlQueryModel count + setQuery + data() of the same cells",
                )
            )

        # Chinese search: count + first page through services.records vs raw SQL.
        fields = [f.attr for f in kind.search_fields]
        scan = " OR ".join(f"instr({c}, ?) > 0" for c in fields)
        base_2 = float("nan")
        for text, label in ((SEARCH_2, "2-char"), (SEARCH_3, "3-char")):
            q = records.ListQuery(kind="hazard", search=text)

            def ours_search(q: records.ListQuery = q) -> int:
                total = records.count(ws.sessions, q, ws.actor)
                records.fetch_page(ws.sessions, q, 0, PAGE, ws.actor)
                return total

            if len(text) >= 3:
                phrase = '"' + text + '"'
                sub = "SELECT uuid FROM record_fts WHERE record_fts MATCH ? AND kind = 'hazard'"
                params: tuple[Any, ...] = (phrase,)
            else:
                sub = None
                params = (text,) * len(fields)

            def raw_search(sub: str | None = sub, params: tuple[Any, ...] = params) -> int:
                where = f"uuid IN ({sub})" if sub else f"({scan})"
                total = raw.execute(
                    f"SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND {where}", params
                ).fetchone()[0]
                raw.execute(
                    page_sql.replace("WHERE deleted_at IS NULL", f"WHERE deleted_at IS NULL AND {where}"),
                    params,
                ).fetchall()
                return int(total)

            ours_s = _median(ours_search, repeat)
            base_s = _median(raw_search, repeat)
            if len(text) < 3:
                base_2 = base_s
            found, found_raw = ours_search(), raw_search()
            aim = "OK" if ours_s < 0.1 else "MISSES 100 ms aim"
            out.append(
                (
                    f"search {label} “{text}” (count+page)",
                    ours_s,
                    base_s,
                    f"{found:,} found (raw {found_raw:,}); {aim}",
                )
            )
        out.append(_proposed_short_search(ws, repeat, base_2))
        raw.close()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.append(
            (
                f"build: insert {n:,} hazards + index",
                fill_s,
                float("nan"),
                f"peak memory {peak_mb:.0f} MB (aim < 300 MB); load avg {os.getloadavg()[0]:.1f}",
            )
        )
        app.processEvents()
    finally:
        ws.close()
    return out


def _qsql_first_page(database: Path, sql: str, ncols: int) -> float | None:
    try:
        from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel
    except ImportError:
        return None
    name = "bench-records"
    db = QSqlDatabase.addDatabase("QSQLITE", name)
    db.setDatabaseName(str(database))
    if not db.open():
        QSqlDatabase.removeDatabase(name)
        return None
    try:
        model = QSqlQueryModel()

        def first_page() -> None:
            count = QSqlQuery("SELECT count(*) FROM hazard WHERE deleted_at IS NULL", db)
            count.next()
            model.setQuery(QSqlQuery(sql, db))
            for r in range(min(PAGE, model.rowCount())):
                for c in range(min(ncols, model.columnCount())):
                    model.data(model.index(r, c))

        result = _median(first_page, 5)
        model.clear()
        return result
    finally:
        db.close()
        db = None  # release before removeDatabase
        QSqlDatabase.removeDatabase(name)


def _proposed_short_search(ws: Any, repeat: int, baseline: float) -> tuple[str, float, float, str]:
    """The change proposed for services.search.matching, measured in this run: 1-2 character
    queries scan the kind's own text columns with instr() (as sensitive kinds already do) instead
    of `uuid IN (SELECT uuid FROM record_fts WHERE kind = ? AND instr(body, ?))`, which reads the
    FTS5 table through its virtual-table interface and then sorts every match."""
    from sqlalchemy import func, or_

    from safetydesk.services import records, search

    original = search.matching

    def matching(kind: Any, query: str) -> Any:
        query = query.strip()
        if len(query) < search.MIN_TRIGRAM and not kind.sensitive:
            return or_(*(func.instr(getattr(kind.model, f.attr), query) > 0 for f in kind.search_fields))
        return original(kind, query)

    q = records.ListQuery(kind="hazard", search=SEARCH_2)

    def ours() -> int:
        total = records.count(ws.sessions, q, ws.actor)
        records.fetch_page(ws.sessions, q, 0, PAGE, ws.actor)
        return total

    search.matching = matching
    try:
        seconds = _median(ours, repeat)
        found = ours()
    finally:
        search.matching = original
    aim = "OK" if seconds < 0.1 else "MISSES 100 ms aim"
    return ("  PROPOSED: 2-char via base-table instr()", seconds, baseline, f"{found:,} found; {aim}")
