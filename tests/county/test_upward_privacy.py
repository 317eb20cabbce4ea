"""Issue 16, done when: "An upward package decrypted with the county's key contains no name of a
student and no sensitive record." The school holds named students, a psychological case referred
to the township (so the township really holds the child's name and the case text), and a major
hazard and a serious incident whose free text names children. The township's package to the
county is decrypted with the county's own key and every file in it is scanned."""

from __future__ import annotations

from datetime import date

from safetydesk.kinds.psych import PsychCase
from safetydesk.models import database_url
from safetydesk.models.org import Student
from safetydesk.sync import package
from safetydesk.sync.keys import ensure_keys
from tests.county.network import COUNTY_CODE, S1, T1
from tests.county.records import incident, major_hazard
from tests.support import dump
from tests.sync.conftest import add_class_and_students
from tests.sync.test_privacy import _file_text

NAMES = ("李小明", "王小红")
CASE_TEXT = "在作业本上写下轻生的念头，需立即干预"
PHONE = "13912345678"


def _school_with_named_children(net) -> tuple[list[str], str]:
    school = net.schools[S1]
    cid, sids = add_class_and_students(school, 2)
    with school.sessions.begin() as s:
        for sid, name in zip(sids, NAMES, strict=True):
            s.get(Student, sid).name = name
            s.get(Student, sid).guardian_phone = PHONE
        case = PsychCase(owner=S1, student_uuid=sids[0], class_uuid=cid, source="teacher_observation",
                         risk_level="high", opened_on=date(2026, 10, 1), description=CASE_TEXT,
                         assessment="高风险", status="open", referred_to_township=True)
        s.add(case)
        s.flush()
        case_uuid = case.uuid
    major_hazard(school, S1, location=f"{NAMES[1]}所在班级门口", description=f"{NAMES[1]}在此摔伤，台阶破损",
                 measures=f"通知{NAMES[1]}家长；修补台阶")
    incident(school, S1, "larger", title=f"{NAMES[0]}溺水", summary=f"{NAMES[0]}周末在水库游泳溺水，经抢救脱险。")
    return sids, case_uuid


def _decrypted_files(net, path) -> dict[str, bytes]:
    """Every file of the package as the county reads it: the outer manifest and signature, and the
    payload decrypted with the county's private key."""
    data = path.read_bytes()
    outer = package.read_outer(data, file="up")
    m = package.parse_manifest(outer.manifest_bytes, file="up")
    keys = ensure_keys(net.county.paths)
    inner_zip = package.decrypt_payload(outer, m, keys.enc_private, file="up")
    inner, members = package.read_inner(inner_zip, m, file="up")
    return {"manifest.json": outer.manifest_bytes, "manifest.sig": outer.signature,
            "inner manifest.json": package.inner_manifest(
                {k: inner[k] for k in ("package_id", "kind", "sender", "recipient", "seq", "schema_revision")},
                members, {}), **members}  # fmt: skip


def test_an_upward_package_holds_no_name_of_a_student_and_no_sensitive_record(net, moving_clock) -> None:
    sids, case_uuid = _school_with_named_children(net)
    net.round()
    # The township really holds the child's name and the case (referred to it): what goes up is a choice.
    township = net.townships[T1]
    if database_url.read_url(township.paths.root) is None:
        kept = _file_text(township)
    else:  # a hub in PostgreSQL: every row it holds
        kept = "\n".join(dump(township.paths.database)).encode()
    assert NAMES[0].encode() in kept and CASE_TEXT.encode() in kept and NAMES[1].encode() in kept
    up = net.export(net.townships[T1], COUNTY_CODE)
    files = _decrypted_files(net, up.path)
    assert set(files) == {"manifest.json", "manifest.sig", "inner manifest.json", "county/schools.jsonl"}
    import safetydesk.kinds  # noqa: F401
    from safetydesk.domain.registry import all_kinds

    sensitive = [k.key for k in all_kinds() if k.sensitive]
    assert "psych_case" in sensitive
    forbidden = [*NAMES, CASE_TEXT, "高风险", PHONE, case_uuid, *sids, *sensitive, "溺水", "摔伤", "台阶"]
    for name, content in files.items():
        text = content.decode("utf-8", errors="replace")
        for word in forbidden:
            assert word not in text, (name, word)
    # and yet the county learns what it needs: the major hazard and the serious incident
    report = files["county/schools.jsonl"].decode()
    assert '"major_hazards":[{' in report and '"level":"larger"' in report
