"""The text of a written incident report (首报/续报/终报) in the official order, from the record.

Each report says what its stage needs (domain.md §8): the 首报 the facts (time, place, source,
category and level, cause and nature, course, casualties and loss, scope, trend, measures,
requests, the person on site); the 续报 what was verified since and how things stand (核实数据,
impact, measures, 进展); the 终报 how it ended (原因结论, the handling step by step, 处置结果,
责任处理, 善后, 整改). "快报事实、慎报原因": a fact not yet known prints 待核实, and a number left
empty is unknown, never 0 (an empty 受伤人数 must not say 0人受伤).

Runs on whatever thread calls it (the incident dialog's DB thread, a report render); returns text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain.registry import get_kind
from safetydesk.i18n import _, current_language, format_date, format_datetime
from safetydesk.services import records

UNKNOWN = "To be confirmed"  # msgid: 待核实


def unknown() -> str:
    return _(UNKNOWN)


def text_or_unknown(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return unknown()
    return str(value).strip()


def people(n: int | None) -> str:
    """3 -> 3人; None (not known yet) -> 待核实, never 0."""
    return unknown() if n is None else _("{n} people", n=n)


def casualties(v: dict[str, Any]) -> str:
    return _(
        "Deaths: {deaths}; injured: {injuries}; property loss: {loss}",
        deaths=people(v.get("deaths")),
        injuries=people(v.get("injuries")),
        loss=text_or_unknown(v.get("property_loss")),
    )


def choice_text(attr: str, code: str | None) -> str:
    choice = get_kind("incident").field(attr).choice(code)
    return _(choice.label) if choice else unknown()


def level_text(v: dict[str, Any]) -> str:
    text = choice_text("level", v.get("level"))
    if v.get("sensitive"):
        text += _(" (major and sensitive)")
    return text


def category_and_level(v: dict[str, Any]) -> str:
    return _("{category}; level: {level}", category=choice_text("category", v.get("category")),
             level=level_text(v))  # fmt: skip


def _time(v: dict[str, Any]) -> str:
    return _(
        "Occurred at {occurred}; the school learned of it at {learned}",
        occurred=format_datetime(v.get("occurred_at")),
        learned=format_datetime(v.get("learned_at")),
    )


def _onsite(v: dict[str, Any]) -> str:
    return f"{text_or_unknown(v.get('onsite_person'))}  {v.get('onsite_phone') or ''}".strip()


def _number(i: int) -> str:
    from safetydesk.services.incidents import chinese_number

    return chinese_number(i) if current_language() == "zh_CN" else str(i)


def body_of(sections: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{_number(i)}、{h}：{t}" for i, (h, t) in enumerate(sections, 1))


def _label(attr: str) -> str:
    return _(get_kind("incident").field(attr).label)


def fact(v: dict[str, Any], attr: str) -> tuple[str, str]:
    """A section that prints one incident field, headed with that field's label (the registry's)."""
    return _label(attr), text_or_unknown(v.get(attr))


def first_sections(v: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return (
        (_("Time"), _time(v)),
        fact(v, "place"),
        fact(v, "info_source"),
        (_("Category and level"), category_and_level(v)),
        fact(v, "cause_nature"),
        fact(v, "summary"),
        (_("Casualties and loss"), casualties(v)),
        fact(v, "scope"),
        fact(v, "trend"),
        fact(v, "measures"),
        fact(v, "requests"),
        (_("Person in charge on site and phone"), _onsite(v)),
    )


def _outline(v: dict[str, Any], first_sent: Any) -> str:
    text = _(
        "{title} ({category}, {level}) occurred at {place} at {occurred}.",
        title=v.get("title") or "",
        category=choice_text("category", v.get("category")),
        level=level_text(v),
        place=text_or_unknown(v.get("place")),
        occurred=format_datetime(v.get("occurred_at")),
    )
    if first_sent is not None:
        text += _("The first report was sent at {time}.", time=format_datetime(first_sent))
    return text


def followup_sections(v: dict[str, Any], first_sent: Any) -> tuple[tuple[str, str], ...]:
    verified = text_or_unknown(v.get("verified_facts"))
    return (
        (_("Outline"), _outline(v, first_sent)),
        (_label("verified_facts"), f"{verified}（{casualties(v)}）"),
        (_("Extent of harm and scope of impact"), joined(text_or_unknown(v.get("scope")), v.get("trend"))),
        fact(v, "measures"),
        fact(v, "progress"),
        fact(v, "requests"),
        (_("Person in charge on site and phone"), _onsite(v)),
    )  # fmt: skip


def joined(*parts: str | None) -> str:
    """Clauses joined with "；", each without its own closing punctuation (no "。；")."""
    return "；".join(t for t in ((p or "").strip().rstrip("。；;，, ") for p in parts) if t)


def _steps(sessions: sessionmaker[Session], uuid: str) -> str:
    from safetydesk.services.incidents import response_steps

    return joined(*(
        f"{s.label} {format_datetime(s.done_at)} {s.person} {s.note}".strip()
        for s in response_steps(sessions, uuid)
        if s.done_at
    ))  # fmt: skip


def _accountability_records(sessions: sessionmaker[Session], uuid: str) -> str:
    """The accountability records made for this incident, as one line each."""
    kind = get_kind("accountability_record")
    model = kind.model
    measure = kind.field("measure")
    with sessions() as s:
        rows = s.execute(
            select(model.person_name, model.measure, model.decided_on)
            .where(model.incident_uuid == uuid, model.deleted_at.is_(None))
            .order_by(model.decided_on)
        ).all()
    out = []
    for name, code, when in rows:
        choice = measure.choice(code)
        out.append(f"{name}：{_(choice.label) if choice else code}（{format_date(when)}）")
    return "；".join(out)


def final_sections(
    sessions: sessionmaker[Session], uuid: str, v: dict[str, Any], first_sent: Any
) -> tuple[tuple[str, str], ...]:
    handling = joined(v.get("measures"), _steps(sessions, uuid))
    responsible = joined(v.get("accountability"), _accountability_records(sessions, uuid))
    return (
        (_("Basic facts"), f"{_outline(v, first_sent)}{casualties(v)}"),
        (_label("cause_conclusion"), text_or_unknown(v.get("cause_conclusion") or v.get("cause_nature"))),
        (_("Course of the handling"), text_or_unknown(handling)),
        fact(v, "handling_result"),
        (_label("accountability"), text_or_unknown(responsible)),
        fact(v, "aftermath"),
        fact(v, "rectification"),
    )


def sections_for(
    sessions: sessionmaker[Session], uuid: str, report_type: str, first_sent: Any
) -> tuple[tuple[str, str], ...]:
    v = records.get(sessions, "incident", uuid).values
    if report_type == "followup":
        return followup_sections(v, first_sent)
    if report_type == "final":
        return final_sections(sessions, uuid, v, first_sent)
    return first_sections(v)
