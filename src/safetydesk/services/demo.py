"""Fill an installation with a demo school's realistic data, through the ordinary records service.

Refuses on an installation that holds real records: demo data must never mix with real work.
The people (staff, classes, students) are made here; every other kind's rows come from its maker
in safetydesk.services.demo_data, filled in registry order.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import safetydesk.kinds  # noqa: F401  (every kind registered before demo data is made)
from safetydesk.domain import clock
from safetydesk.domain.demo import DemoContext, Person
from safetydesk.domain.registry import all_kinds, get_kind
from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.i18n import _
from safetydesk.models.local import Installation
from safetydesk.services import records
from safetydesk.services.changes import Actor
from safetydesk.services.demo_data import maker_for
from safetydesk.services.installation import SCHOOL, installation_info

DEMO_SCHOOL = {"code": "4105220001", "name": "安阳县示范小学", "township_code": "410522T01",
               "township_name": "安阳县示范镇中心校"}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文博子涵梓萱浩然欣怡宇轩雨桐一诺思彤俊熙诗涵梦琪嘉怡子轩浩宇"
STAFF_ROLES = [("校长", "male"), ("安全专干", "male"), ("心理教师", "female"), ("副校长", "female"),
               ("教导主任", "male"), ("总务主任", "male"), ("班主任", "female"), ("班主任", "male"),
               ("班主任", "female"), ("班主任", "female"), ("班主任", "male"), ("班主任", "female"),
               ("体育教师", "male"), ("食堂管理员", "female"), ("门卫", "male"), ("校医", "female")]
CLASS_NAMES = ["一年级（1）班", "二年级（1）班", "三年级（1）班", "四年级（1）班", "五年级（1）班",
               "六年级（1）班"]
# Other kinds of school: their classes and the age of the first class's children.
CLASSES_BY_TYPE = {
    "kindergarten": (["小班（1）班", "小班（2）班", "中班（1）班", "中班（2）班", "大班（1）班", "大班（2）班"], 3),
    "middle": (["七年级（1）班", "七年级（2）班", "八年级（1）班", "八年级（2）班", "九年级（1）班",
                "九年级（2）班"], 12),
}


def _name(rng: random.Random) -> str:
    given_len = rng.choice((1, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(given_len))


def has_real_records(sessions: sessionmaker[Session]) -> bool:
    with sessions() as s:
        inst = s.get(Installation, 1)
        if inst is not None and inst.is_demo:
            return False
        for kind in all_kinds():
            if s.scalar(select(func.count()).select_from(kind.model)):
                return True
    return False


def fill(sessions: sessionmaker[Session], *, seed: int = 20260901,
         progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create the demo records; returns how many of each kind were made."""
    if has_real_records(sessions):
        raise SafetyDeskError(_("This installation already holds real records; demo data is only "
                                "added to a new or demo installation. Use another --data-dir."))
    info = installation_info(sessions)
    with sessions.begin() as s:
        s.get(Installation, 1).is_demo = True
    actor = Actor(username="admin", org_code=info.org_code)
    if info.role == "school":  # the demo school runs school buses and a canteen (domain/reminder_settings.py)
        from safetydesk.services import settings

        settings.write(sessions, actor, {"facilities.school_bus": True, "facilities.canteen": True})
    rng = random.Random(seed)
    made: dict[str, int] = {}

    def add(kind_key: str, values: dict) -> str:
        result = records.save(sessions, actor, kind_key, values, workflow=True)
        made[kind_key] = made.get(kind_key, 0) + 1
        return result.uuid

    staff: list[Person] = []
    # A township centre's own people would travel down to every school with its packages: the
    # demo township makes none (its inspections and notices name no staff member).
    for position, gender in STAFF_ROLES if info.role == SCHOOL else ():
        name = _name(rng)
        phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        staff.append(Person(add("staff", {"name": name, "gender": gender, "position": position,
                                          "phone": phone, "active": True}), name))
    teachers = [p for p, (pos, _g) in zip(staff, STAFF_ROLES, strict=False) if pos == "班主任"]
    classes, class_teacher = [], {}
    today = clock.today()
    year = today.year if today.month >= 9 else today.year - 1
    class_names, first_age = CLASSES_BY_TYPE.get(info.school_type or "", (CLASS_NAMES, 6))
    for i, cname in enumerate(class_names if teachers else []):
        teacher = teachers[i % len(teachers)]
        uuid = add("class", {"name": cname, "grade": cname.split("（")[0], "school_year": f"{year}-{year + 1}",
                             "head_teacher_uuid": teacher.uuid, "student_count": 8})
        classes.append(Person(uuid, cname))
        class_teacher[uuid] = teacher.uuid
    students, student_class = [], {}
    for c_index, c in enumerate(classes):
        for n in range(8):
            name = _name(rng)
            age = first_age + (c_index if class_names is CLASS_NAMES else c_index // 2)
            born = date(year - age, rng.randint(1, 12), rng.randint(1, 28))
            uuid = add("student", {"name": name, "student_no": f"{year}{c_index + 1:02d}{n + 1:02d}",
                                   "gender": rng.choice(("male", "female")), "birth_date": born,
                                   "class_uuid": c.uuid, "guardian_name": _name(rng),
                                   "guardian_phone": f"15{rng.randint(100000000, 999999999)}"})
            students.append(Person(uuid, name))
            student_class[uuid] = c.uuid
    ctx = DemoContext(today=today, now=clock.now(), rng=rng, school_name=info.org_name,
                      school_type=info.school_type or "primary", staff=staff, classes=classes,
                      students=students, class_teacher=class_teacher, student_class=student_class)
    for kind in all_kinds():
        maker = maker_for(kind.key)
        if maker is None or (kind.owner_role != info.role):
            continue
        if progress:
            progress(_(kind.title))
        for values in maker(ctx):
            try:
                ctx.records.setdefault(kind.key, []).append(add(kind.key, values))
            except ValidationError as exc:
                raise SafetyDeskError(f"demo data for {kind.key} is invalid: {exc.field_errors}") from exc
    return made


def kind_title(key: str) -> str:
    return _(get_kind(key).title)


def context_from(sessions: sessionmaker[Session], seed: int = 7) -> DemoContext:
    """A DemoContext over the people already in the database (tests, sample values in forms)."""
    from safetydesk.models.org import SchoolClass, StaffMember, Student

    info = installation_info(sessions)
    with sessions() as s:
        staff = [Person(u, n) for u, n in s.execute(
            select(StaffMember.uuid, StaffMember.name).where(StaffMember.deleted_at.is_(None))
            .order_by(StaffMember.created_at))]
        class_rows = s.execute(select(SchoolClass.uuid, SchoolClass.name, SchoolClass.head_teacher_uuid)
                               .where(SchoolClass.deleted_at.is_(None)).order_by(SchoolClass.name)).all()
        student_rows = s.execute(select(Student.uuid, Student.name, Student.class_uuid)
                                 .where(Student.deleted_at.is_(None)).order_by(Student.name)).all()
    return DemoContext(
        today=clock.today(), now=clock.now(), rng=random.Random(seed), school_name=info.org_name,
        school_type=info.school_type or "primary", staff=staff,
        classes=[Person(u, n) for u, n, _t in class_rows],
        students=[Person(u, n) for u, n, _c in student_rows],
        class_teacher={u: t for u, _n, t in class_rows if t},
        student_class={u: c for u, _n, c in student_rows if c})
