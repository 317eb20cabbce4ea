"""A county at scale (issue 16.8): 20 townships x 20 schools, each school with a year of synthetic
records (bench_township's school year: staff, hazards, drills, meetings, lessons, incidents and
their reports, inspections, replies), sent as real packages and imported into the townships' hubs;
against raw sqlite3 doing the bare minimum with the same rows, in the same run (bench/README.md).

The packages are made here rather than by 400 school installations (each would cost a database,
its migrations and key files): every school has its own keys and an identity file that its
township trusts through identity.trust_peer, and its package is built from codec.encode_table of
its rows, zipped, HPKE-encrypted and signed exactly as export does. The importer cannot tell, and
checks everything as usual.

The townships and the county are real installations that trust each other with identity files
(tests/county/network.py's way); each township exports its upward package with export_package
and the county imports them.

Metrics, per engine (SQLite always; PostgreSQL too when SAFETYDESK_BENCH_PG names a server's
maintenance URL such as postgresql://sd@127.0.0.1:5432/postgres — `bash scripts/pg_cluster.sh
start DIR` prints one; every hub then gets its own fresh database, dropped at the end). Quick:
3 townships x 5 schools.
- import: every school's package imported into its township hub (import_package: verify,
  decrypt, validate, one transaction, search index) vs executemany (sqlite3 / psycopg) of the
  same rows into the same tables of a copy of the fresh hub, one transaction per school;
- console: services.status.statuses() at each township hub vs bench_township's GROUP BY queries
  of the same counts (in PostgreSQL's dialect there), summed over the hubs (medians of 3);
- county import: the townships' upward packages imported at the county hub vs executemany of the
  county_school rows the county stored, into a copy of the fresh county, one transaction per
  township;
- county console: services.county.status_objects() (`status --json` at a county) vs raw SQL
  reading the same rows (medians of 5).
Each note carries the 1-minute load average when the metric ended (a shared machine).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from bench import bench_township as bt
from bench.timing import median_seconds

COUNTY = "410522"
Row = tuple[str, float, float, str]


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _median(fn: Callable[[], Any], repeat: int = 3) -> float:
    return median_seconds(fn, repeat, warm_up=False)


# --- schools, their keys and packages ------------------------------------------------------------


def _new_keys() -> Any:
    from safetydesk.sync import keys

    sign, enc = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    public = keys.PublicKeys(sign.public_key().public_bytes(*raw), enc.public_key().public_bytes(*raw))
    return keys.KeyPair(sign, enc, public)


@dataclass
class School:
    code: str
    township: str
    keys: Any
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # wire key -> column rows

    @property
    def rows(self) -> int:
        return sum(len(r) for r in self.tables.values())


@dataclass
class Hub:
    code: str
    root: Path
    schools: list[School]
    packages: list[Path] = field(default_factory=list)


def _school_rows(code: str, township: str, rng_seed: int) -> dict[str, list[dict[str, Any]]]:
    """One school year of the school's own rows (bench_township's generator, township rows left
    out: a school's package carries only what the school writes; its replies to the township's
    notices too, as the fresh hubs issued none)."""
    from safetydesk.sync import codec

    rows = bt._Rows()
    rows.rng.seed(rng_seed)
    bt._school_year(rows, code)
    by_table = {wk.table.name: key for key, wk in codec.wire_kinds().items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for table, batch in rows.tables.items():
        mine = [r for r in batch if r["owner"] == code]
        if mine and table.name != "rectification_reply":  # answers notices this hub never issued
            out[by_table[table.name]] = mine
    return out


def _trust(hub: Hub, school: School, folder: Path) -> None:
    from safetydesk.paths import DataPaths
    from safetydesk.services.storage import open_storage
    from safetydesk.sync import identity

    ident = identity.Identity("school", school.code, f"第{school.code[-3:]}小学", hub.code, school.keys.public,
                              "0.1.0", "2026-09-01T08:00:00+08:00", "primary")  # fmt: skip
    f = folder / f"{school.code}.identity.json"
    f.write_bytes(identity.identity_bytes(ident, school.keys))
    storage = open_storage(DataPaths(hub.root))
    try:
        identity.trust_peer(storage.sessions, f, ident.fingerprint, "bench")
    finally:
        storage.close()


def _package(school: School, hub_keys: Any, out: Path) -> Path:
    """The school's first package to its township, built as sync/export.py builds one."""
    from safetydesk.sync import codec, package, strict_json

    kinds = codec.wire_kinds()
    files = {}
    counts = {}
    for key in kinds:
        if key in school.tables:
            data, n = codec.encode_table(kinds[key], school.tables[key])
            files[f"tables/{key}.jsonl"] = data
            counts[f"tables/{key}.jsonl"] = n
    pid, seq, kind = str(uuid_mod.uuid4()), 1, package.SCHOOL_REPORT
    ident = {"package_id": pid, "kind": kind, "sender": {"code": school.code, "key_id": school.keys.public.key_id},
             "recipient": {"code": school.township, "key_id": hub_keys.key_id}, "seq": seq,
             "schema_revision": codec.SCHEMA_REVISION}  # fmt: skip
    inner = {"manifest.json": package.inner_manifest(ident, files, counts), **files}
    inner_bytes = package.inner_zip(inner)
    info = package.hpke_info(pid, kind, school.keys.public.key_id, hub_keys.key_id, seq, codec.SCHEMA_REVISION)
    payload = package.encrypt_payload(inner_bytes, hub_keys.enc_key(), info)
    m = package.Manifest(pid, kind, school.code, school.keys.public.key_id, school.township, hub_keys.key_id, seq,
                         None, (), "2027-06-30T08:00:00+00:00", codec.SCHEMA_REVISION, 1, "0.1.0", len(payload),
                         hashlib.sha256(payload).hexdigest()).to_json()  # fmt: skip
    mbytes = strict_json.dumps_canonical(m)
    path = out / package.package_file_name(school.code, school.township, seq)
    path.write_bytes(package.outer_bytes(mbytes, school.keys.sign_private.sign(mbytes), payload))
    return path


def make_schools(townships: int, schools: int) -> list[list[School]]:
    """Every school's keys and school year, once: both engines import the same rows."""
    from safetydesk.sync import codec

    codec.wire_kinds()  # loads the record kinds the generator names
    out = []
    for t in range(1, townships + 1):
        code = f"{COUNTY}T{t:02d}"
        row = []
        for n in range(1, schools + 1):
            school = School(f"{COUNTY}{t:02d}{n:02d}", code, _new_keys())
            school.tables = _school_rows(school.code, code, t * 1000 + n)
            row.append(school)
        out.append(row)
    return out


def _trust_both(folder: Path, a: Path, b: Path) -> None:
    """Each installation imports the other's identity file and confirms its digits (as
    tests/county/network.py does), for a township and its county."""
    from safetydesk.paths import DataPaths
    from safetydesk.services.storage import open_storage
    from safetydesk.sync import identity

    sa, sb = open_storage(DataPaths(a)), open_storage(DataPaths(b))
    try:
        for x, y in ((sa, sb), (sb, sa)):
            ident, keys = identity.own_identity(x.paths, x.sessions)
            f = folder / f"{ident.org_code}-for-{y.paths.root.name}.identity.json"
            f.write_bytes(identity.identity_bytes(ident, keys))
            identity.trust_peer(y.sessions, f, ident.fingerprint, "bench")
    finally:
        sa.close()
        sb.close()


def build_county(tmp: Path, school_sets: list[list[School]], pg: PgServer | None) -> tuple[Path, list[Hub]]:
    """A county hub and its township hubs (real installations, fresh; on PostgreSQL when `pg`),
    trusting each other; every township trusting its schools, whose packages are written."""
    from safetydesk.paths import DataPaths
    from safetydesk.services.installation import COUNTY as COUNTY_ROLE
    from safetydesk.services.installation import TOWNSHIP, InitRequest, initialise
    from safetydesk.services.storage import open_storage
    from safetydesk.sync import identity

    county_root = tmp / "county"
    initialise(DataPaths(county_root), InitRequest(role=COUNTY_ROLE, code=COUNTY, name="安阳县教育局安全股",
                                                   database_url=pg.new() if pg else None)).close()  # fmt: skip
    hubs = []
    for t, schools in enumerate(school_sets, start=1):
        code = f"{COUNTY}T{t:02d}"
        root = tmp / "hubs" / code
        initialise(DataPaths(root), InitRequest(role=TOWNSHIP, code=code, name=f"第{t}镇中心校", county_code=COUNTY,
                                                county_name="安阳县教育局安全股",
                                                database_url=pg.new() if pg else None)).close()  # fmt: skip
        out = tmp / "packages" / code
        out.mkdir(parents=True)
        _trust_both(out, root, county_root)
        hub = Hub(code, root, [])
        storage = open_storage(DataPaths(root))
        try:
            _ident, keys = identity.own_identity(storage.paths, storage.sessions)
        finally:
            storage.close()
        for school in schools:
            _trust(hub, school, out)
            hub.schools.append(school)
            hub.packages.append(_package(school, keys.public, out))
        hubs.append(hub)
    return county_root, hubs


# --- PostgreSQL ----------------------------------------------------------------------------------


class PgServer:
    """The server SAFETYDESK_BENCH_PG names (a maintenance URL such as
    postgresql://sd@127.0.0.1:5432/postgres): a fresh database per hub, dropped at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.names: list[str] = []

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql)

    def _url(self, name: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))

    def new(self, template: str | None = None) -> str:
        name = f"sdbench_{uuid_mod.uuid4().hex[:16]}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.names.append(name)
        return self._url(name)

    def copy(self, url: str) -> str:
        """A copy of a (closed) hub's database: the raw baseline's fresh hub."""
        return self.new(urlsplit(url).path.strip("/"))

    def drop_all(self) -> None:
        for name in self.names:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url_of(root: Path) -> str | None:
    from safetydesk.models import database_url

    return database_url.read_url(root)


def _pg_value(value: Any) -> Any:
    from psycopg.types.json import Json

    if hasattr(value, "tzinfo") and hasattr(value, "hour") and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, list | dict):
        return Json(value)
    return value


def _pg_query(sql: str) -> str:
    """bench_township's SQLite GROUP BY queries in PostgreSQL's dialect (booleans are not
    numbers there): the same counts."""
    sql = re.sub(r"sum\(((?:[^()]|\([^()]*\))*)\)",
                 lambda m: m.group(0) if m.group(1) == "hours" else f"sum(({m.group(1)})::int)", sql)
    sql = sql.replace("r.late = 0", "NOT r.late").replace("r.late = 1", "r.late")
    sql = sql.replace("date(i.learned_at)", "(i.learned_at)::date")
    return re.sub(r":([dsy])\b", r"%(\1)s", sql)


def raw_status_pg(conn: Any) -> int:
    """The same counts as bench_township.raw_status, on PostgreSQL with a psycopg connection
    (kept open, as the hub keeps its pool); the schools."""
    params = {"d": bt.AS_OF, "s": bt.SPRING[0], "y": bt.SCHOOL_YEAR_START}
    got = {name: conn.execute(_pg_query(sql), params).fetchall() for name, sql in bt.RAW_QUERIES.items()}
    assert got["hazards"] and got["drills"] and got["incidents"], "the PostgreSQL queries found no rows"
    return len(got["schools"])


# --- the raw baseline ----------------------------------------------------------------------------


def _inserts(hub: Hub) -> list[list[tuple[str, list[str], list[tuple[Any, ...]]]]]:
    """Per school: (table, columns, rows) of what its package carries."""
    from safetydesk.sync import codec

    kinds = codec.wire_kinds()
    return [[(kinds[key].table.name, list(rows[0]), [tuple(r.values()) for r in rows])
             for key, rows in school.tables.items()] for school in hub.schools]  # fmt: skip


def _raw_import(database: Path, hub: Hub) -> None:
    """sqlite3 executemany of the same rows into the same tables, one transaction per school."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for school in _inserts(hub):
            conn.execute("BEGIN IMMEDIATE")
            for table, cols, rows in school:
                sql = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"
                conn.executemany(sql, [tuple(_raw(v) for v in r) for r in rows])
            conn.execute("COMMIT")
    finally:
        conn.close()


def _raw_import_pg(url: str, hub: Hub) -> None:
    """psycopg executemany of the same rows into the same tables, one transaction per school."""
    import psycopg

    with psycopg.connect(url) as conn:
        for school in _inserts(hub):
            with conn.transaction(), conn.cursor() as cur:
                for table, cols, rows in school:
                    sql = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join(['%s'] * len(cols))})"
                    cur.executemany(sql, [tuple(_pg_value(v) for v in r) for r in rows])


def _raw(value: Any) -> Any:
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return value.replace(tzinfo=None).isoformat(" ")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


_COUNTY_COLS = ("school_code", "township_code", "school_name", "school_type", "seq", "signed_at", "imported_at",
                "status", "details")  # fmt: skip
_COUNTY_STATUS = ("SELECT c.township_code, c.school_code, c.status FROM county_school c JOIN trusted_peer p "
                  "ON p.org_code = c.township_code AND p.role = 'township' AND p.revoked_at IS NULL "
                  "ORDER BY c.township_code, c.school_code")  # fmt: skip


def _county_rows_stored(root: Path) -> list[tuple[Any, ...]]:
    """The county_school rows the county stored from the townships' packages."""
    url, cols = _url_of(root), ",".join(_COUNTY_COLS)
    if url is None:
        conn = sqlite3.connect(root / "safetydesk.sqlite3")
        try:
            return conn.execute(f"SELECT {cols} FROM county_school").fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url) as conn:
        return [tuple(_pg_value(v) for v in r) for r in conn.execute(f"SELECT {cols} FROM county_school")]


def _raw_county_import(root: Path, rows: list[tuple[Any, ...]]) -> None:
    """executemany of the same county_school rows into the fresh county, one transaction per
    township (what one upward package writes)."""
    by: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        by.setdefault(r[1], []).append(r)
    cols = ",".join(_COUNTY_COLS)
    url = _url_of(root)
    if url is None:
        conn = sqlite3.connect(root / "safetydesk.sqlite3", isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            for batch in by.values():
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(f"INSERT INTO county_school ({cols}) VALUES ({','.join('?' * len(_COUNTY_COLS))})",
                                 batch)  # fmt: skip
                conn.execute("COMMIT")
        finally:
            conn.close()
        return
    import psycopg

    with psycopg.connect(url) as conn:
        for batch in by.values():
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(f"INSERT INTO county_school ({cols}) VALUES ({','.join(['%s'] * len(_COUNTY_COLS))})",
                                batch)  # fmt: skip


def raw_county_status(root: Path, conn: Any = None) -> list[dict[str, Any]]:
    """The county's status objects with plain SQL: the stored objects plus the township code
    (on PostgreSQL through `conn`, kept open as the hub keeps its pool)."""
    if conn is None:
        conn = sqlite3.connect(root / "safetydesk.sqlite3")
        try:
            rows = conn.execute(_COUNTY_STATUS).fetchall()
        finally:
            conn.close()
        return [{**json.loads(st), "township_code": t} for t, _c, st in rows]
    return [{**st, "township_code": t} for t, _c, st in conn.execute(_COUNTY_STATUS)]


# --- our side ------------------------------------------------------------------------------------


def import_all(hub: Hub, root: Path | None = None) -> int:
    """Import every school's package at the hub; returns the rows created."""
    from safetydesk.paths import DataPaths
    from safetydesk.services.storage import open_storage
    from safetydesk.sync.importer import import_package

    storage = open_storage(DataPaths(root or hub.root))
    created = 0
    try:
        for path in hub.packages:
            r = import_package(storage, path, "bench")
            assert r.status == "imported", (r.code, r.message)
            created += sum(c.created for c in r.counts.values())
    finally:
        storage.close()
    return created


def _open(root: Path) -> Any:
    from safetydesk.paths import DataPaths
    from safetydesk.services.storage import open_storage

    return open_storage(DataPaths(root))


def _copy(root: Path, target: Path, pg: PgServer | None) -> Path:
    """A copy of a fresh (closed) hub for the raw baseline; on PostgreSQL its own database."""
    from safetydesk.models import database_url

    shutil.copytree(root, target)
    url = _url_of(root)
    if url is not None and pg is not None:
        (target / database_url.URL_FILE).write_text(pg.copy(url) + "\n", encoding="utf-8")
    return target


def engine_run(tmp: Path, school_sets: list[list[School]], pg: PgServer | None) -> list[Row]:
    """The whole county on one engine: schools to townships, townships to the county, consoles."""
    from safetydesk.services import county, status
    from safetydesk.sync.export import export_package
    from safetydesk.sync.importer import import_package

    engine = "PostgreSQL" if pg else "SQLite"
    townships, schools = len(school_sets), len(school_sets[0])
    t0 = time.perf_counter()
    county_root, hubs = build_county(tmp, school_sets, pg)
    built = time.perf_counter() - t0
    rows_total = sum(s.rows for h in hubs for s in h.schools)
    size = sum(p.stat().st_size for h in hubs for p in h.packages)
    raw_hubs = {h.code: _copy(h.root, tmp / "raw" / h.code, pg) for h in hubs}
    raw_county = _copy(county_root, tmp / "raw" / "county", pg)

    ours, created = 0.0, 0
    for hub in hubs:
        t0 = time.perf_counter()
        created += import_all(hub)
        ours += time.perf_counter() - t0
    load_import = _load()
    base = 0.0
    for hub in hubs:
        t0 = time.perf_counter()
        if pg:
            _raw_import_pg(_url_of(raw_hubs[hub.code]) or "", hub)
        else:
            _raw_import(raw_hubs[hub.code] / "safetydesk.sqlite3", hub)
        base += time.perf_counter() - t0
    assert created == rows_total, (created, rows_total)

    console, raw_console = 0.0, 0.0
    for hub in hubs:
        storage = _open(hub.root)
        try:
            found = status.statuses(storage.sessions, bt.AS_OF)
            console += _median(lambda st=storage: status.statuses(st.sessions, bt.AS_OF))
        finally:
            storage.close()
        url = _url_of(hub.root)
        if url:
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                n = raw_status_pg(conn)
                raw_console += _median(lambda c=conn: raw_status_pg(c))
        else:
            database = hub.root / "safetydesk.sqlite3"
            n = len(bt.raw_status(database))
            raw_console += _median(lambda db=database: bt.raw_status(db))
        assert n == len(found) == len(hub.schools), (n, len(found))
    load_console = _load()

    # each township's upward package, imported at the county
    upward, export_s = [], 0.0
    for hub in hubs:
        storage = _open(hub.root)
        try:
            t0 = time.perf_counter()
            upward.append(export_package(storage, COUNTY, tmp / "packages" / f"{hub.code}-up.sdpkg", "bench").path)
            export_s += time.perf_counter() - t0
        finally:
            storage.close()
    up_size = sum(Path(p).stat().st_size for p in upward)
    storage = _open(county_root)
    try:
        t0 = time.perf_counter()
        for path in upward:
            r = import_package(storage, path, "bench")
            assert r.status == "imported", (r.code, r.message)
        county_import = time.perf_counter() - t0
        load_county = _load()
        objects = county.status_objects(storage.sessions)
        county_console = _median(lambda: county.status_objects(storage.sessions), 5)
    finally:
        storage.close()
    stored = _county_rows_stored(county_root)
    t0 = time.perf_counter()
    _raw_county_import(raw_county, stored)
    county_base = time.perf_counter() - t0
    if pg:
        import psycopg

        with psycopg.connect(_url_of(county_root) or "", autocommit=True) as conn:
            raw_objects = raw_county_status(county_root, conn)
            county_raw_console = _median(lambda: raw_county_status(county_root, conn), 5)
    else:
        raw_objects = raw_county_status(county_root)
        county_raw_console = _median(lambda: raw_county_status(county_root), 5)
    load_county_console = _load()
    n_schools = townships * schools
    assert len(stored) == len(objects) == len(raw_objects) == n_schools, (len(stored), len(objects), n_schools)
    assert [o["school"]["code"] for o in objects] == [o["school"]["code"] for o in raw_objects]

    return [
        (f"{engine}: import {n_schools} schools' packages into {townships} township hubs", ours, base,
         f"{rows_total:,} rows, {size / 1e6:.1f} MB of packages; {rows_total / ours:,.0f} rows/s vs "
         f"{rows_total / base:,.0f} raw ({'psycopg' if pg else 'sqlite3'} executemany, one transaction a school); "
         f"with search index; hubs and packages built in {built:.0f} s; {load_import}"),
        (f"{engine}: console status of {schools} schools at each of {townships} township hubs", console, raw_console,
         f"services.status.statuses() vs raw GROUP BY SQL of the same counts, summed over the hubs, "
         f"medians of 3; {load_console}"),
        (f"{engine}: import {townships} townships' upward packages at the county hub", county_import, county_base,
         f"{n_schools} county_school rows, {up_size / 1e3:.0f} KB of packages; vs executemany of the rows the "
         f"county stored, one transaction a township; the townships' exports took {export_s:.1f} s; "
         f"{load_county}"),
        (f"{engine}: county console status of {n_schools} schools", county_console, county_raw_console,
         f"services.county.status_objects() vs raw SQL of the same rows (json decoded), medians of 5; "
         f"{load_county_console}"),
    ]  # fmt: skip


def run(quick: bool = False) -> list[Row]:
    townships, schools = (3, 5) if quick else (20, 20)
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    url = os.environ.get("SAFETYDESK_BENCH_PG")
    pg = PgServer(url) if url else None
    try:
        school_sets = make_schools(townships, schools)
        result = engine_run(tmp / "sqlite", school_sets, None)
        if pg is None:
            result.append(("PostgreSQL hubs", float("nan"), float("nan"),
                           "skipped: set SAFETYDESK_BENCH_PG to a server's maintenance URL "
                           "(bash scripts/pg_cluster.sh start DIR prints one)"))  # fmt: skip
        else:
            result += engine_run(tmp / "postgresql", school_sets, pg)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if pg is not None:
            pg.drop_all()


if __name__ == "__main__":
    import sys

    for metric, ours, base, note in run(quick="--quick" in sys.argv):
        print(f"{metric}: ours {ours:.2f} s, baseline {base:.2f} s, ratio {ours / base:.1f}x; {note}")
