"""Issue 16.2: the township's report to its county, through real packages. What arrives, stored
per (township, school); a township naming another township's school is refused whole."""

from __future__ import annotations

import json

from safetydesk.models.county import CountySchool
from safetydesk.sync import package
from safetydesk.sync.importer import import_package
from safetydesk.sync.keys import ensure_keys
from tests.county.network import COUNTY_CODE, S1, S2, S3, T1, T2
from tests.county.records import incident, major_hazard
from tests.support import dump


def county_rows(net) -> dict[str, CountySchool]:
    with net.county.sessions() as s:
        rows = {r.school_code: r for r in s.query(CountySchool)}
        for r in rows.values():
            s.expunge(r)
    return rows


def test_each_school_arrives_with_its_township_hazards_and_incidents(net, moving_clock) -> None:
    hazard = major_hazard(net.schools[S1], S1)
    serious = incident(net.schools[S3], S3, "larger")
    incident(net.schools[S3], S3, "general")
    net.round()
    rows = county_rows(net)
    assert {c: r.township_code for c, r in rows.items()} == {S1: T1, S2: T1, S3: T2}
    [h] = rows[S1].details["major_hazards"]
    assert h["uuid"] == hazard and h["grade"] == "major" and h["status"] == "assigned"
    assert h["five"] == {"measures": True, "responsible": "王安全", "funds": "12000.00", "deadline": "2026-12-20",
                         "plan": True}
    [i] = rows[S3].details["serious_incidents"]
    assert (i["uuid"], i["level"]) == (serious, "larger")
    assert rows[S3].details["general_incidents"] == 1
    assert rows[S2].details == {"major_hazards": [], "serious_incidents": [], "general_incidents": 0,
                                "notices": []}
    assert rows[S1].status["school"] == {"code": S1, "name": "第一小学"}
    assert rows[S1].status["hazards"]["major_open"] == 1


def _forge(net, township: str, edit) -> bytes:
    """The township's real next report, decrypted, changed by `edit`, and signed and encrypted
    again with the township's own keys (a township that means harm, or a broken one)."""
    from safetydesk.sync.export import export_package

    t = net.townships[township]
    out = net.root / f"forge-{township}.sdpkg"
    export_package(t, COUNTY_CODE, out, "tester")
    county_keys = ensure_keys(net.county.paths)
    own = ensure_keys(t.paths)
    outer = package.read_outer(out.read_bytes(), file="x")
    m = package.parse_manifest(outer.manifest_bytes, file="x")
    inner, members = package.read_inner(package.decrypt_payload(outer, m, county_keys.enc_private, file="x"),
                                        m, file="x")
    lines = [json.loads(x) for x in members["county/schools.jsonl"].splitlines()]
    lines = edit(lines)
    data = b"".join(json.dumps(x, ensure_ascii=False).encode() + b"\n" for x in lines)
    files = {"county/schools.jsonl": data}
    identity = {k: inner[k] for k in ("package_id", "kind", "sender", "recipient", "seq", "schema_revision")}
    body = package.inner_zip({"manifest.json": package.inner_manifest(identity, files,
                                                                      {"county/schools.jsonl": len(lines)}),
                              **files})
    import dataclasses
    import hashlib

    info = package.hpke_info(m.package_id, m.kind, m.sender_key_id, m.recipient_key_id, m.seq, m.schema_revision)
    payload = package.encrypt_payload(body, county_keys.public.enc_key(), info)
    m2 = dataclasses.replace(m, payload_size=len(payload), payload_sha256=hashlib.sha256(payload).hexdigest())
    mb = package.manifest_bytes(m2)
    return package.outer_bytes(mb, own.sign_private.sign(mb), payload)


def test_a_township_writing_another_townships_school_is_refused_whole(net, moving_clock) -> None:
    net.round()
    before = dump(net.county.paths.database, skip_attempts=True)

    def claim_s3(lines):
        other = json.loads(json.dumps(lines[0]))
        other["school"]["code"] = S3
        other["school"]["name"] = "白壁中学"
        other["status"]["school"] = {"code": S3, "name": "白壁中学"}
        return [*lines, other]

    forged = net.root / "forged.sdpkg"
    forged.write_bytes(_forge(net, T1, claim_s3))
    r = import_package(net.county, forged, "tester")
    assert (r.status, r.code) == ("rejected", "not_own_school")
    assert S3 in (r.message or "") and T2 in (r.message or "")
    assert dump(net.county.paths.database, skip_attempts=True) == before


def test_hostile_report_lines_are_refused_whole(net, moving_clock) -> None:
    net.round()
    before = dump(net.county.paths.database, skip_attempts=True)
    cases = {
        "unknown field": lambda ls: [{**ls[0], "students": ["张三"]}, *ls[1:]],
        "status of another school": lambda ls: [{**ls[0], "status": {**ls[0]["status"],
                                                  "school": {"code": S2, "name": "城关幼儿园"}}}, *ls[1:]],
        "control characters": lambda ls: [{**ls[0], "school": {**ls[0]["school"], "name": "第一\x00小学"}},
                                          *ls[1:]],
        "school twice": lambda ls: [ls[0], ls[0]],
        "the township itself": lambda ls: [{**ls[0], "school": {**ls[0]["school"], "code": T1}}],
        "a long text": lambda ls: [{**ls[0], "status": {**ls[0]["status"], "semester": "x" * 10_000}}],
        # daily_logs the consoles could not read (a list of gaps, a negative count, no window)
        **{f"daily_logs {n}": (lambda ls, bad=bad: [{**ls[0], "status": {**ls[0]["status"], "daily_logs": bad}},
                                                   *ls[1:]])
           for n, bad in enumerate(({"window_days": 10, "gaps": []}, {"window_days": 10, "gaps": {"meals": -1}},
                                    {"gaps": {}}, {"window_days": 10, "gaps": {"Meals!": 1}}, "none"))},
        # the county rules a school follows: a number that is not one, a hash without a version,
        # a hash that is not one (a boolean version would read as 1 and as current)
        **{f"county rules {n}": (lambda ls, bad=bad: [{**ls[0], "status": {**ls[0]["status"], **bad}}, *ls[1:]])
           for n, bad in enumerate(({"county_rules_version": True}, {"county_rules_version": "1"},
                                    {"county_rules_version": 0}, {"county_rules_version": 1.0},
                                    {"county_rules_version": None, "county_rules_sha256": "a" * 64},
                                    {"county_rules_version": 1, "county_rules_sha256": "A" * 64},
                                    {"county_rules_version": 1, "county_rules_sha256": 7}))},
    }
    for name, edit in cases.items():
        forged = net.root / "forged.sdpkg"
        forged.write_bytes(_forge(net, T1, edit))
        r = import_package(net.county, forged, "tester")
        assert r.status == "rejected" and r.code in ("bad_row", "bad_payload", "not_own_school"), (name, r.code)
        assert dump(net.county.paths.database, skip_attempts=True) == before, name


def test_rows_of_records_never_travel_to_the_county(net, moving_clock) -> None:
    """A township report with a table of records in it is refused whole."""
    net.round()
    t = net.townships[T1]
    out = net.export(t, COUNTY_CODE)
    outer = package.read_outer(out.path.read_bytes(), file="x")
    m = package.parse_manifest(outer.manifest_bytes, file="x")
    county_keys = ensure_keys(net.county.paths)
    _inner, members = package.read_inner(
        package.decrypt_payload(outer, m, county_keys.enc_private, file="x"), m, file="x")
    assert set(members) == {"county/schools.jsonl"}
    assert import_package(net.county, out.path, "tester").status == "imported"
    # the same package imported again changes nothing
    before = dump(net.county.paths.database, skip_attempts=True)
    assert import_package(net.county, out.path, "tester").status == "duplicate"
    assert dump(net.county.paths.database, skip_attempts=True) == before


def test_an_older_report_arriving_late_changes_nothing(net, moving_clock) -> None:
    """Packages in reverse order: the newer report wins, whatever order the sticks arrive in."""
    from tests.township.network import clock_step

    net.round()
    t1 = net.townships[T1]
    older = net.export(t1, COUNTY_CODE)
    clock_step(60)
    major_hazard(net.schools[S1], S1)
    net.carry(net.schools[S1], t1)
    newer = net.export(t1, COUNTY_CODE)
    assert import_package(net.county, newer.path, "tester").status == "imported"
    assert county_rows(net)[S1].status["hazards"]["major_open"] == 1
    late = import_package(net.county, older.path, "tester")
    assert late.status == "imported" and late.counts["county_school"].unchanged == 2
    assert county_rows(net)[S1].status["hazards"]["major_open"] == 1


def test_a_damaged_upward_package_is_refused_with_a_code(net, moving_clock) -> None:
    """Bits flipped and the file cut short at many places: always a rejection with a code, and
    the county's database as it was."""
    net.round()
    data = net.export(net.townships[T1], COUNTY_CODE).path.read_bytes()
    before = dump(net.county.paths.database, skip_attempts=True)
    bad = net.root / "bad.sdpkg"
    for pos in range(0, len(data), max(1, len(data) // 40)):
        for damaged in (data[:pos] + bytes([data[pos] ^ 0x20]) + data[pos + 1:], data[:pos]):
            bad.write_bytes(damaged)
            r = import_package(net.county, bad, "tester")
            assert r.status == "rejected" and r.code in package.MESSAGES, (pos, r.status, r.code)
    assert dump(net.county.paths.database, skip_attempts=True) == before


def test_a_county_package_carrying_a_report_is_refused(net, moving_clock) -> None:
    """A report member belongs only in a township's package to its county (wrong direction)."""
    net.round()
    before = dump(net.townships[T1].paths.database, skip_attempts=True)
    # the county's real package down to T1, its payload rebuilt with a county/schools.jsonl inside
    from safetydesk.sync.export import export_package

    out = net.root / "down.sdpkg"
    export_package(net.county, T1, out, "tester")
    t_keys, c_keys = ensure_keys(net.townships[T1].paths), ensure_keys(net.county.paths)
    outer = package.read_outer(out.read_bytes(), file="x")
    m = package.parse_manifest(outer.manifest_bytes, file="x")
    inner, _members = package.read_inner(package.decrypt_payload(outer, m, t_keys.enc_private, file="x"), m,
                                         file="x")
    files = {"county/schools.jsonl": b""}
    identity = {k: inner[k] for k in ("package_id", "kind", "sender", "recipient", "seq", "schema_revision")}
    body = package.inner_zip({"manifest.json": package.inner_manifest(identity, files, {"county/schools.jsonl": 0}),
                              **files})
    import dataclasses
    import hashlib

    payload = package.encrypt_payload(body, t_keys.public.enc_key(), m.hpke_info())
    m2 = dataclasses.replace(m, payload_size=len(payload), payload_sha256=hashlib.sha256(payload).hexdigest())
    mb = package.manifest_bytes(m2)
    forged = net.root / "forged-down.sdpkg"
    forged.write_bytes(package.outer_bytes(mb, c_keys.sign_private.sign(mb), payload))
    r = import_package(net.townships[T1], forged, "tester")
    assert (r.status, r.code) == ("rejected", "bad_payload")
    assert dump(net.townships[T1].paths.database, skip_attempts=True) == before
