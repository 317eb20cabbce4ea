"""A school exports, the township imports: the same rows arrive, and only what changed travels."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import UTC

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetydesk.models.org import SchoolClass, StaffMember, Student
from safetydesk.models.sync_state import OutgoingStream, SentPackage
from safetydesk.sync import keys, package

from .conftest import (
    SCHOOL_CODE,
    TOWNSHIP_CODE,
    add_class_and_students,
    add_staff,
    change,
    delete,
    rows_of,
)


def test_a_package_has_exactly_three_stored_members(pair):
    add_staff(pair.school)
    result = pair.export()
    with zipfile.ZipFile(result.path) as zf:
        assert [i.filename for i in zf.infolist()] == list(package.MEMBERS)
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
    assert result.seq == 1


def test_round_trip_of_staff_and_classes_with_students_as_counts(pair):
    add_staff(pair.school, "欧阳" + "长" * 48, position="", phone=None, active=False)
    _cid, sids = add_class_and_students(pair.school, 4)
    delete(pair.school, Student, sids[0])
    r = pair.imp(pair.export().path)
    assert r.status == "imported", r.message
    assert r.counts["staff"].created == 2 and r.counts["class"].created == 1
    assert "student" not in r.counts and r.summaries["student"] == 3  # the roster stays home
    for model in (StaffMember, SchoolClass):
        assert rows_of(pair.township, model) == rows_of(pair.school, model)
    assert rows_of(pair.township, Student) == {}


def test_only_changes_since_the_receipt_travel_and_a_lost_package_heals(pair):
    staff = [add_staff(pair.school, f"老师{i}") for i in range(3)]
    first = pair.export()
    assert pair.imp(first.path).status == "imported"
    _age_rows(pair.school, hours=2)  # package 1 was made two hours ago
    # Package 2 is lost on the way; package 3 still carries its changes (no receipt yet).
    change(pair.school, StaffMember, staff[1], name="改名老师")
    pair.export()
    change(pair.school, StaffMember, staff[2], phone="13911112222")
    third = pair.export()
    r = pair.imp(third.path)
    assert r.gaps == [2]
    assert r.counts["staff"].updated == 2

    def seen(storage):
        return {u: (v["name"], v["phone"], v["row_version"]) for u, v in rows_of(storage, StaffMember).items()}

    assert seen(pair.township) == seen(pair.school)
    # The township's receipt reaches the school: package 3 acknowledged, next export is empty.
    down = pair.down()
    r = pair.imp(down.path, pair.school)
    assert r.status == "imported", r.message
    with pair.school.sessions() as s:
        stream = s.get(OutgoingStream, TOWNSHIP_CODE)
        assert stream.acknowledged_seq == 1  # contiguous: package 2 never arrived
        sent3 = s.query(SentPackage).filter_by(seq=3).one()
        assert sent3.receipt_imported_at is not None
    fourth = pair.export()
    assert fourth.counts.get("staff", 0) == 2  # rows changed since package 1


def _age_rows(storage, hours):
    from sqlalchemy import text

    with storage.sessions.begin() as s:
        for table in ("staff_member", "school_class", "student"):
            s.execute(
                text(
                    f"UPDATE {table} SET updated_at = datetime(updated_at, '-{hours} hours'), "
                    f"created_at = datetime(created_at, '-{hours} hours')"
                )
            )


def test_watermark_survives_a_clock_set_back(pair):
    from datetime import timedelta

    sid = add_staff(pair.school)
    assert pair.imp(pair.export().path).status == "imported"
    assert pair.imp(pair.down().path, pair.school).status == "imported"
    # The PC clock goes back a year: a new record's times are older than the watermark.
    with pair.school.sessions.begin() as s:
        row = s.get(StaffMember, sid)
        old = row.updated_at - timedelta(days=365)
    sid = add_staff(pair.school, "时钟错了", created_at=old, updated_at=old)
    result = pair.export()
    assert "staff" in result.full_kinds and result.counts["staff"] == 2  # the whole kind again
    pair.imp(result.path)
    assert rows_of(pair.township, StaffMember)[sid]["name"] == "时钟错了"


def test_dry_run_changes_nothing(pair):
    from .conftest import dump

    add_class_and_students(pair.school)
    path = pair.export().path
    before = dump(pair.township.paths.database, skip_attempts=False)
    r = pair.imp(path, dry_run=True)
    assert r.status == "imported" and r.dry_run and r.counts["class"].created == 1
    assert dump(pair.township.paths.database, skip_attempts=False) == before


def test_township_rows_go_down_to_the_school(pair):
    """The township's own kinds go down; its staff list (a kind schools write) stays home."""
    from safetydesk.domain.registry import get_kind

    kind = get_kind("rectification_notice")
    staff = add_staff(pair.township, "镇安全员", owner=TOWNSHIP_CODE)
    with pair.township.sessions.begin() as s:
        notice = kind.model(owner=TOWNSHIP_CODE, **_minimal(kind, school_code=SCHOOL_CODE))
        s.add(notice)
        s.flush()
        uid = notice.uuid
    result = pair.down()
    assert "staff" not in result.counts
    r = pair.imp(result.path, pair.school)
    assert r.status == "imported", r.message
    assert rows_of(pair.school, kind.model)[uid]["owner"] == TOWNSHIP_CODE
    assert staff not in rows_of(pair.school, StaffMember)


@pytest.mark.skipif(
    shutil.which("openssl") is None or shutil.which("unzip") is None, reason="openssl/unzip missing"
)
def test_openssl_verifies_the_manifest_signature(pair, tmp_path):
    add_staff(pair.school)
    path = pair.export().path
    pub = tmp_path / "sender.pem"
    pub.write_bytes(keys.public_key_pem(keys.ensure_keys(pair.school.paths).public))
    out = tmp_path / "x"
    subprocess.run(["unzip", "-q", str(path), "-d", str(out)], check=True)
    cmd = [
        "openssl",
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        str(pub),
        "-rawin",
        "-in",
        str(out / "manifest.json"),
        "-sigfile",
        str(out / "manifest.sig"),
    ]
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    m = out / "manifest.json"
    m.write_bytes(m.read_bytes().replace(b'"seq":1', b'"seq":9'))
    assert subprocess.run(cmd, capture_output=True).returncode != 0


# Any text a form accepts: NUL and text-direction controls are refused at entry and on import.
REFUSED = "\x00\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=REFUSED), max_size=50)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    staff=st.lists(
        st.tuples(
            TEXT.filter(lambda t: t.strip() != ""), TEXT, st.booleans(), st.booleans(), st.integers(0, 3)
        ),
        min_size=0,
        max_size=8,
    )
)
def test_property_round_trip(pair, staff):
    """Any names (Chinese, empty, emoji, control characters), edits and deletions arrive as sent."""
    for name, phone, active, gone, edits in staff:
        uid = add_staff(pair.school, name[:50], phone=phone[:40], active=active)
        for i in range(edits):
            change(pair.school, StaffMember, uid, position=f"{name[:40]}{i}")
        if gone:
            delete(pair.school, StaffMember, uid)
    r = pair.imp(pair.export().path)
    assert r.status == "imported", r.message
    assert rows_of(pair.township, StaffMember) == rows_of(pair.school, StaffMember)


def test_control_characters_stored_around_the_forms_go_without_them(pair):
    """A name with NUL and a right-to-left override (written before they were refused) does not
    stop the package: those characters are left out, the rest arrives."""
    uid = add_staff(pair.school, "王\x00老\u202e师")
    r = pair.imp(pair.export().path)
    assert r.status == "imported", r.message
    assert rows_of(pair.township, StaffMember)[uid]["name"] == "王老师"


def test_school_code_in_file_name(pair, tmp_path):
    result = pair.export() if False else None
    from safetydesk.sync.export import export_package

    folder = tmp_path / "usb"
    folder.mkdir()
    result = export_package(pair.school, None, folder, "tester")
    assert result.path.name == f"{SCHOOL_CODE}_to_{TOWNSHIP_CODE}_000001.sdpkg"


def test_sensitive_cases_leave_the_school_as_counts_unless_referred(pair):
    """Psychological cases: the township gets counts by risk level and status; a case marked for
    referral travels by name."""
    from datetime import date

    from sqlalchemy import inspect

    from safetydesk.domain.registry import get_kind
    from safetydesk.models.local import Setting

    try:
        kind = get_kind("psych_case")
    except KeyError:
        pytest.skip("psych_case not registered")
    if kind.model.__tablename__ not in inspect(pair.school.engine).get_table_names():
        pytest.skip("psych_case table not migrated yet")
    _cid, sids = add_class_and_students(pair.school, 2)
    model = kind.model
    first = {f.attr: f.choices[0].code for f in kind.fields if f.choices}
    uids = []
    with pair.school.sessions.begin() as s:
        for i, referred in enumerate((False, True, False)):
            case = model(
                owner=SCHOOL_CODE,
                student_uuid=sids[i % 2],
                opened_on=date(2026, 10, 1),
                description=f"个案描述{i}",
                referred_to_township=referred,
                **{k: v for k, v in first.items() if hasattr(model, k)},
            )
            s.add(case)
            s.flush()
            uids.append(case.uuid)
    result = pair.export()
    assert result.summaries["psych_case"] == 3
    assert result.counts["psych_case"] == 1
    r = pair.imp(result.path)
    assert r.status == "imported", r.message
    assert r.summaries["psych_case"] == 3
    names = rows_of(pair.township, model)
    assert set(names) == {uids[1]}  # only the referred case, by name
    with pair.township.sessions() as s:
        summary = s.get(Setting, f"sync.summary.{SCHOOL_CODE}.psych_case").value
    assert summary["total"] == 3 and "risk_level" in summary["by"]


def test_attachments_travel_with_their_records(pair):
    import hashlib

    from safetydesk.models.org import Attachment

    sid = add_staff(pair.school, "拍照的老师")
    photo = "现场照片".encode() * 1000
    sha = hashlib.sha256(photo).hexdigest()
    pair.school.paths.attachments.mkdir(parents=True, exist_ok=True)
    (pair.school.paths.attachments / sha).write_bytes(photo)
    with pair.school.sessions.begin() as s:
        s.add(
            Attachment(
                owner=SCHOOL_CODE,
                sha256=sha,
                filename="照片.jpg",
                mime_type="image/jpeg",
                size=len(photo),
                record_kind="staff",
                record_uuid=sid,
            )
        )
    result = pair.export()
    assert result.attachments == 1
    r = pair.imp(result.path)
    assert r.status == "imported" and r.counts["attachment"].created == 1
    assert (pair.township.paths.attachments / sha).read_bytes() == photo
    assert rows_of(pair.township, Attachment) == rows_of(pair.school, Attachment)


def _minimal(kind, **values):
    """Values for every required field of a kind (whatever the kind declares)."""
    from datetime import date, datetime

    from safetydesk.domain.fields import FieldKind

    sample = {
        FieldKind.TEXT: "文本",
        FieldKind.LONG_TEXT: "长文本",
        FieldKind.INT: 1,
        FieldKind.DECIMAL: 1.5,
        FieldKind.DATE: date(2026, 10, 8),
        FieldKind.BOOL: False,
        FieldKind.DATETIME: datetime(2026, 10, 8, 1, 0, tzinfo=UTC),
    }
    out = {}
    for f in kind.fields:
        if f.required or not kind.model.__table__.c[f.attr].nullable:
            out[f.attr] = f.choices[0].code if f.choices else sample.get(f.kind)
    out.update(values)
    return {k: v for k, v in out.items() if v is not None}


def test_a_township_notice_goes_only_to_the_school_it_names(pair):
    from sqlalchemy import inspect

    from safetydesk.domain.registry import get_kind

    try:
        kind = get_kind("rectification_notice")
    except KeyError:
        pytest.skip("rectification_notice not registered")
    if kind.model.__tablename__ not in inspect(pair.township.engine).get_table_names():
        pytest.skip("table not migrated yet")
    ids = {}
    with pair.township.sessions.begin() as s:
        for target in (SCHOOL_CODE, "4105220002"):
            row = kind.model(owner=TOWNSHIP_CODE, **_minimal(kind, school_code=target))
            s.add(row)
            s.flush()
            ids[target] = row.uuid
    result = pair.down()
    assert result.counts["rectification_notice"] == 1
    r = pair.imp(result.path, pair.school)
    assert r.status == "imported", r.message
    assert set(rows_of(pair.school, kind.model)) == {ids[SCHOOL_CODE]}


def test_an_edit_made_while_the_clock_was_wrong_still_travels(pair):
    """The PC clock was a year behind when an officer edited a record (services.records logs the
    edit in record_history, whose id is a clock-free change counter); the edit still goes."""
    from datetime import timedelta

    from safetydesk.models.history import RecordHistory

    sid = add_staff(pair.school, "原名")
    assert pair.imp(pair.export().path).status == "imported"
    assert pair.imp(pair.down().path, pair.school).status == "imported"
    with pair.school.sessions.begin() as s:
        row = s.get(StaffMember, sid)
        wrong = row.updated_at - timedelta(days=365)
        row.name, row.row_version, row.updated_at = "改名", row.row_version + 1, wrong
        s.add(RecordHistory(kind="staff", record_uuid=sid, action="update", at=wrong, by="t"))
    result = pair.export()
    assert result.counts.get("staff") == 1 and not result.full_kinds
    pair.imp(result.path)
    assert rows_of(pair.township, StaffMember)[sid]["name"] == "改名"


def test_a_restored_record_comes_back_at_the_township_too(pair):
    sid = add_staff(pair.school, "删了又恢复")
    delete(pair.school, StaffMember, sid)
    tomb = pair.export().path
    change(pair.school, StaffMember, sid, deleted_at=None)  # the owner's restore: a higher version
    back = pair.export().path
    assert pair.imp(back).status == "imported"
    assert pair.imp(tomb).counts["staff"].unchanged == 1
    assert rows_of(pair.township, StaffMember)[sid]["deleted_at"] is None


def test_a_full_or_missing_usb_stick_is_explained_and_the_next_export_covers_it(pair, tmp_path):
    from safetydesk.errors import SafetyDeskError
    from safetydesk.sync.export import export_package

    add_staff(pair.school, "写不进去")
    with pytest.raises(SafetyDeskError):
        export_package(pair.school, None, tmp_path / "no-such-stick" / "p.sdpkg", "tester")
    result = pair.export()
    assert result.seq == 1 and result.counts["staff"] == 1  # the failed export used no number
    r = pair.imp(result.path)
    assert r.status == "imported" and r.gaps == []
