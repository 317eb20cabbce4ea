"""What a kind's demo maker receives, so each kind can contribute realistic demo records.

Makers live in safetydesk.services.demo_data (its docstring gives the convention): each takes a
DemoContext and returns field values (attr -> value) for new records of one kind. Kinds are
filled in registration order; `ctx.records[kind_key]` lists the uuids already created for earlier
kinds (for RECORD references).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Person:
    uuid: str
    name: str


@dataclass
class DemoContext:
    today: date
    now: datetime  # aware
    rng: random.Random
    school_name: str
    school_type: str
    staff: list[Person]  # staff[0] is the principal, staff[1] the safety officer
    classes: list[Person]
    students: list[Person]
    class_teacher: dict[str, str] = field(default_factory=dict)  # class uuid -> staff uuid
    student_class: dict[str, str] = field(default_factory=dict)  # student uuid -> class uuid
    records: dict[str, list[str]] = field(default_factory=dict)  # kind key -> uuids created


# The demo network (`safetydesk demo --township`): one township centre and three of its schools,
# of three kinds, each with data of its own. The township's demo inspections and notices address
# these schools, and the first is the demo school `safetydesk demo` makes on its own.
DEMO_TOWNSHIP = ("410522T01", "安阳县示范镇中心校")
DEMO_SCHOOLS = (
    ("4105220001", "安阳县示范小学", "primary"),
    ("4105220002", "示范镇初级中学", "middle"),
    ("4105220003", "示范镇中心幼儿园", "kindergarten"),
)
