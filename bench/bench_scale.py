"""A county at scale (issue 16.8): 20 townships x 20 schools, each school with a year of synthetic
records (bench_township's school year: staff, hazards, drills, meetings, lessons, incidents and
their reports, inspections, replies), sent as real packages and imported into the townships' hubs;
against raw sqlite3 doing the bare minimum with the same rows, in the same run (bench/README.md).

The packages are made here rather than by 400 school installations (each would cost a database,
its migrations and key files): every school has its own keys and an identity file that its
township trusts through identity.trust_peer, and its package is built from codec.encode_table of
its rows, zipped, HPKE-encrypted and signed exactly as export does. The importer cannot tell, and
checks everything as usual.

Metrics (quick: 3 townships x 5 schools):
- import: every school's package imported into its township hub (import_package: verify,
  decrypt, validate, one transaction, search index) vs sqlite3 executemany of the same rows
  into the same tables of a copy of the fresh hub, one transaction per school;
- console: services.status.statuses() at each hub vs bench_township.raw_status (GROUP BY queries
  of the same counts) on the same database, summed over the hubs (medians of 3);
- PostgreSQL hub: the same import into one township hub on PostgreSQL when SAFETYDESK_BENCH_PG
  names a server (postgresql://USER@HOST/DB) and this build has a PostgreSQL engine;
- county: the townships' packages imported at a county hub, once this build has the county role.
Each note carries the 1-minute load average when the metric ended (a shared machine).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from bench import bench_township as bt

COUNTY = "410522"
Row = tuple[str, float, float, str]


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _median(fn: Callable[[], Any], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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


def build_county(tmp: Path, townships: int, schools: int) -> list[Hub]:
    """Township hubs (real installations, fresh) with their schools trusted and packages written."""
    from safetydesk.paths import DataPaths
    from safetydesk.services.installation import TOWNSHIP, InitRequest, initialise
    from safetydesk.services.storage import open_storage
    from safetydesk.sync import identity

    template = tmp / "hub-template"
    initialise(DataPaths(template), InitRequest(role=TOWNSHIP, code=f"{COUNTY}T00", name="模板镇")).close()
    hubs = []
    for t in range(1, townships + 1):
        code = f"{COUNTY}T{t:02d}"
        root = tmp / "hubs" / code
        initialise(DataPaths(root), InitRequest(role=TOWNSHIP, code=code, name=f"第{t}镇中心校")).close()
        hub = Hub(code, root, [])
        storage = open_storage(DataPaths(root))
        try:
            _ident, keys = identity.own_identity(storage.paths, storage.sessions)
        finally:
            storage.close()
        out = tmp / "packages" / code
        out.mkdir(parents=True)
        for n in range(1, schools + 1):
            school = School(f"{COUNTY}{t:02d}{n:02d}", code, _new_keys())
            school.tables = _school_rows(school.code, code, t * 1000 + n)
            _trust(hub, school, out)
            hub.schools.append(school)
            hub.packages.append(_package(school, keys.public, out))
        hubs.append(hub)
    return hubs


# --- the raw baseline ----------------------------------------------------------------------------


def _raw_import(database: Path, hub: Hub) -> None:
    """sqlite3 executemany of the same rows into the same tables, one transaction per school."""
    from safetydesk.sync import codec

    kinds = codec.wire_kinds()
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for school in hub.schools:
            conn.execute("BEGIN IMMEDIATE")
            for key, rows in school.tables.items():
                cols = list(rows[0])
                sql = f"INSERT INTO {kinds[key].table.name} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"
                conn.executemany(sql, [tuple(_raw(v) for v in r.values()) for r in rows])
            conn.execute("COMMIT")
    finally:
        conn.close()


def _raw(value: Any) -> Any:
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return value.replace(tzinfo=None).isoformat(" ")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


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


def _console(root: Path) -> Callable[[], Any]:
    from safetydesk.paths import DataPaths
    from safetydesk.services import status
    from safetydesk.services.storage import open_storage

    storage = open_storage(DataPaths(root))

    def query() -> Any:
        return status.statuses(storage.sessions, bt.AS_OF)

    query.storage = storage  # type: ignore[attr-defined]
    return query


def _postgres_rows(hubs: list[Hub], tmp: Path) -> list[Row]:
    """One hub's import on PostgreSQL, when a server is given and this build can use one. The
    `pg` work adds the engine; this only needs an installation made with its database URL."""
    url = os.environ.get("SAFETYDESK_BENCH_PG")
    if not url:
        return []
    from safetydesk.services import installation

    if "database" not in getattr(installation.InitRequest, "__dataclass_fields__", {}):
        return [("county: PostgreSQL hub import", float("nan"), float("nan"),
                 "skipped: this build has no PostgreSQL engine (InitRequest.database)")]  # fmt: skip
    return [("county: PostgreSQL hub import", float("nan"), float("nan"),
             "not wired yet: see docs/scale.md, 'What the lead adds'")]  # fmt: skip


def _county_rows(hubs: list[Hub], tmp: Path) -> list[Row]:
    """The townships' upward packages imported at a county hub, once the county role exists.
    Until then a row says so (docs/scale.md, 'What the lead adds')."""
    from safetydesk.services import installation

    if not hasattr(installation, "COUNTY"):
        return [("county: townships' packages at the county hub", float("nan"), float("nan"),
                 "skipped: this build has no county role yet")]  # fmt: skip
    return [("county: townships' packages at the county hub", float("nan"), float("nan"),
             "not wired yet: see docs/scale.md, 'What the lead adds'")]  # fmt: skip


def run(quick: bool = False) -> list[Row]:
    townships, schools = (3, 5) if quick else (20, 20)
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        t0 = time.perf_counter()
        hubs = build_county(tmp, townships, schools)
        built = time.perf_counter() - t0
        rows_total = sum(s.rows for h in hubs for s in h.schools)
        size = sum(p.stat().st_size for h in hubs for p in h.packages)
        raw_copies = {}
        for hub in hubs:  # the fresh hubs, with their trusted schools, for the baseline
            raw_copies[hub.code] = tmp / "raw" / hub.code
            shutil.copytree(hub.root, raw_copies[hub.code])

        ours = 0.0
        created = 0
        for hub in hubs:
            t0 = time.perf_counter()
            created += import_all(hub)
            ours += time.perf_counter() - t0
        load_import = _load()
        base = 0.0
        for hub in hubs:
            t0 = time.perf_counter()
            _raw_import(raw_copies[hub.code] / "safetydesk.sqlite3", hub)
            base += time.perf_counter() - t0
        assert created == rows_total, (created, rows_total)

        console, raw_console = 0.0, 0.0
        for hub in hubs:
            query = _console(hub.root)
            try:
                ours_status = query()
                console += _median(query)
            finally:
                query.storage.close()  # type: ignore[attr-defined]
            database = hub.root / "safetydesk.sqlite3"
            raw = bt.raw_status(database)
            raw_console += _median(lambda db=database: bt.raw_status(db))
            assert len(raw) == len(ours_status) == len(hub.schools)
            for mine, theirs in zip(sorted(ours_status, key=lambda s: s.code), raw, strict=True):
                assert mine.code == theirs["school"]["code"]
        load_console = _load()
        n_schools = townships * schools
        result: list[Row] = [
            (f"county: import {n_schools} schools' packages into {townships} SQLite hubs", ours, base,
             f"{rows_total:,} rows, {size / 1e6:.1f} MB of packages; {rows_total / ours:,.0f} rows/s vs "
             f"{rows_total / base:,.0f} raw; with search index; packages built in {built:.0f} s; {load_import}"),
            (f"county: console status of {schools} schools at each of {townships} hubs", console, raw_console,
             f"services.status.statuses() vs raw GROUP BY SQL of the same counts, summed over the hubs; "
             f"{load_console}"),
        ]  # fmt: skip
        result += _postgres_rows(hubs, tmp)
        result += _county_rows(hubs, tmp)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import sys

    for metric, ours, base, note in run(quick="--quick" in sys.argv):
        print(f"{metric}: ours {ours:.2f} s, baseline {base:.2f} s, ratio {ours / base:.1f}x; {note}")
