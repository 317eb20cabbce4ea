"""`safetydesk demo --township`: a demo township centre whose three schools really sent it packages.

Nothing is faked at the township: three demo schools (a primary school, a middle school and a
kindergarten, domain/demo.py) are made as real installations in a temporary folder, each filled
with demo data of its own (another seed, and as if filled on another day, so one school is behind
with its work), and the township and each school trust each other from real identity files (the
fingerprint digits checked as a person would read them). Each school exports a signed, encrypted
package that the township imports through the normal importer; the township issues its notices
(one placing a school hazard under 督办), they travel down, and the primary school's answer comes
back up. The schools' folders are deleted at the end (their keys with them): the township keeps
what it imported, as it would from schools it cannot reach. Runs in a command, on one thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from safetydesk.domain import clock, hazard_flow
from safetydesk.domain import supervision as loop
from safetydesk.domain.demo import DEMO_SCHOOLS, DEMO_TOWNSHIP
from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.paths import DataPaths
from safetydesk.services import demo, records, supervision
from safetydesk.services.changes import Actor
from safetydesk.services.installation import SCHOOL, TOWNSHIP, InitRequest, initialise
from safetydesk.services.storage import Storage, open_storage
from safetydesk.sync import identity
from safetydesk.sync.export import export_package
from safetydesk.sync.importer import import_package

BY = "demo"
# Per school: the demo seed and how many days before today its data was "filled" (older data:
# the school has fallen behind with its work, and its deadlines have passed).
VARIETY = {"primary": (20260901, 0), "middle": (20260902, 24), "kindergarten": (20260903, 9)}


@dataclass
class DemoNetwork:
    township_code: str
    schools: list[tuple[str, str, str]]  # code, name, type
    imported: list[tuple[str, int]] = field(default_factory=list)  # (school, package seq) at the township
    records_made: dict[str, int] = field(default_factory=dict)  # per school code, demo records made


def _trust_both_ways(township: Storage, school: Storage, folder: Path) -> None:
    """Each side imports the other's identity file and confirms its fingerprint digits."""
    for a, b in ((school, township), (township, school)):
        ident, keys = identity.own_identity(a.paths, a.sessions)
        path = folder / f"{ident.org_code}-for-{b.paths.root.name}.identity.json"
        path.write_bytes(identity.identity_bytes(ident, keys))
        digits = identity.read_identity_file(path).fingerprint  # read out over the phone
        identity.trust_peer(b.sessions, path, digits, BY)


def _open_hazard(township: Storage, school: str) -> str | None:
    """The school's unfinished hazard with the earliest deadline, as imported at the township."""
    rows = records.fetch_page(township.sessions, records.ListQuery(kind="hazard", school=school), 0, 500)
    open_ = [r for r in rows if r.values["status"] in hazard_flow.UNFINISHED_STATES and r.values["deadline"]]
    return min(open_, key=lambda r: r.values["deadline"]).uuid if open_ else None


def build(paths: DataPaths, admin_password: str | None, progress: Callable[[str], None] | None = None, *,
          township_org: tuple[str, str] = DEMO_TOWNSHIP,
          school_orgs: tuple[tuple[str, str, str], ...] = DEMO_SCHOOLS,
          county: tuple[str, str] | None = None, seed_offset: int = 0) -> DemoNetwork:
    """Make the demo township in the empty folder `paths`; see the module docstring. `township_org`,
    `school_orgs` and `county` (its county bureau) let `demo --county` make a second township."""
    say = progress or (lambda _text: None)
    code, name = township_org
    initialise(paths, InitRequest(role=TOWNSHIP, code=code, name=name, admin_password=admin_password,
                                  is_demo=True, county_code=county[0] if county else None,
                                  county_name=county[1] if county else None)).close()  # fmt: skip
    township = open_storage(paths)
    network = DemoNetwork(code, [tuple(s) for s in school_orgs])  # type: ignore[misc]
    opened: list[Storage] = []
    try:
        with tempfile.TemporaryDirectory(prefix="safetydesk-demo-schools-") as tmp:
            folder = Path(tmp)
            (folder / "packages").mkdir()
            schools: dict[str, Storage] = {}
            for school_code, school_name, school_type in school_orgs:
                say(_("Demo school {name}", name=school_name))
                sp = DataPaths(folder / school_code)
                initialise(sp, InitRequest(role=SCHOOL, code=school_code, name=school_name, township_code=code,
                                           township_name=name, school_type=school_type, is_demo=True)).close()
                school = open_storage(sp)
                opened.append(school)
                schools[school_code] = school
                _trust_both_ways(township, school, folder)
                seed, days_back = VARIETY[school_type]
                seed += seed_offset
                with clock.moved_to(clock.now() - timedelta(days=days_back)):
                    made = demo.fill(school.sessions, seed=seed)
                network.records_made[school_code] = sum(made.values()) - _fall_behind(school, school_code,
                                                                                      school_type)
            packages = folder / "packages"
            for school_code, school in schools.items():  # each school's package up to the township
                result = export_package(school, None, packages, BY)
                _import(township, result.path, network, school_code, result.seq)
            say(_("Township centre {name}", name=name))
            demo.fill(township.sessions)
            _notices(township, township_org, school_orgs)
            for school_code, school in schools.items():  # the notices down to each school
                result = export_package(township, school_code, packages, BY)
                _import(school, result.path, None, school_code, result.seq)
            first = school_orgs[0][0]
            _answer(schools[first], first)
            result = export_package(schools[first], None, packages, BY)  # the answer up
            _import(township, result.path, network, first, result.seq)
    finally:
        for school in opened:
            school.close()
        township.close()
    return network


def _fall_behind(school: Storage, code: str, school_type: str) -> int:
    """The kindergarten has held only one of its parent meetings (its latest record is withdrawn):
    the township's view differs school by school. Returns the number of records withdrawn."""
    if school_type != "kindergarten":
        return 0
    rows = records.fetch_page(school.sessions, records.ListQuery(kind="parent_meeting"), 0, 1)
    for row in rows:
        records.delete(school.sessions, Actor(BY, code, "admin"), "parent_meeting", row.uuid)
    return len(rows)


def _import(target: Storage, path: Path, network: DemoNetwork | None, school: str, seq: int) -> None:
    result = import_package(target, path, BY)
    if result.status != "imported":
        raise SafetyDeskError(result.message or result.status)
    if network is not None:
        network.imported.append((school, seq))


def _notices(township: Storage, township_org: tuple[str, str], school_orgs: tuple[tuple[str, str, str], ...]) -> None:
    """The township's own notices on top of its demo ones: the first (primary) school's most urgent
    open hazard placed under 督办, and a routine notice to the last school (the kindergarten)."""
    code, name = township_org
    actor = Actor(BY, code, "admin")
    today = clock.today()
    primary, kindergarten = school_orgs[0], school_orgs[-1]
    hazard = _open_hazard(township, primary[0])
    supervision.issue_notice(township.sessions, actor, supervision.NoticeDraft(
        school_code=primary[0], doc_number=f"示范中心校督〔{today.year}〕5号", notice_type="supervision_order",
        deadline=today + timedelta(days=10), issued_by=name, method="spot", team="中心校安全办",
        items=(
            supervision.ItemDraft("隐患逾期未整改", "《中小学幼儿园安全管理办法》", "十日内完成整改并书面报告", hazard),
            supervision.ItemDraft("隐患台账未按月更新", "隐患排查治理制度", "补齐本学期台账"),
        ),
    ))  # fmt: skip
    supervision.issue_notice(township.sessions, actor, supervision.NoticeDraft(
        school_code=kindergarten[0], doc_number=f"示范中心校安〔{today.year}〕15号", deadline=today + timedelta(days=14),
        issued_by=name, method="patrol", team="中心校安全办",
        items=(supervision.ItemDraft("户外大型玩具未定期检查", "幼儿园安全管理要求", "建立每周检查记录"),),
    ))  # fmt: skip


def _answer(school: Storage, code: str) -> None:
    """The primary school answers its 督办单, item by item."""
    actor = Actor(BY, code, "admin")
    for view in supervision.notices(school.sessions, states=[loop.OPEN]):
        if view.notice_type != supervision.SUPERVISION_ORDER:
            continue
        answers = [
            supervision.AnswerDraft(i.uuid, "已制定整改方案，设置警戒线，维修施工中" if i.hazard_uuid
                                    else "已补齐本学期隐患台账", "in_progress" if i.hazard_uuid else "done",
                                    None if i.hazard_uuid else clock.today())
            for i in view.items
        ]  # fmt: skip
        supervision.reply(school.sessions, actor, view.uuid, answers, remarks="整改完成后另行报告验收。")
        return
