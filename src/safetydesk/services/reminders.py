"""The school dashboard's reminders and 防溺水 campaign, and which kinds the school's facilities hide.

Reads the county's rules and the school's facility settings from the settings registry, the facts
from services.reminder_facts, and hands them to the pure rules (domain/school_reminders.py) with
today from domain.clock. A township has no reminders of its own (each school's counts are in
`status`), and hides nothing: it sees every school's imported records. Runs on the DB thread or in
a command; returns plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from safetydesk.domain import clock, reminder_settings, school_reminders
from safetydesk.domain.compliance import ComplianceRules
from safetydesk.domain.drowning_campaign import CampaignProgress
from safetydesk.domain.reminders import Reminder, ReminderRules
from safetydesk.domain.semester import SemesterCalendar
from safetydesk.domain.settings import SEMESTER_CALENDAR
from safetydesk.services import reminder_facts, settings
from safetydesk.services.installation import SCHOOL, installation_info


@dataclass(frozen=True)
class DashboardReminders:
    rules: list[Reminder] = field(default_factory=list)  # the rules that remind
    dates: list[Reminder] = field(default_factory=list)  # certificates and review dates
    campaign: CampaignProgress | None = None  # inside the campaign's months only


def load(sessions: sessionmaker[Session], school_type: str | None, today: date | None = None) -> DashboardReminders:
    today = today or clock.today()
    info = installation_info(sessions)
    if info.role != SCHOOL:
        return DashboardReminders()
    values = settings.all_values(sessions)
    rules = ReminderRules.from_settings(values)
    cal = SemesterCalendar.from_setting(values[SEMESTER_CALENDAR.key])
    with sessions() as s:
        facts = reminder_facts.gather(s, [info.org_code], with_bullying=True)[info.org_code]
    found, dated = school_reminders.dashboard_reminders(
        facts, rules, ComplianceRules.from_settings(values), cal, today, school_type,
        facts.hidden_kinds or frozenset(),  # the school's own facility settings (services/school_facilities.py)
    )  # fmt: skip
    return DashboardReminders(found, dated, school_reminders.campaign(facts, rules, cal, today))


def hidden_kinds(sessions: sessionmaker[Session]) -> frozenset[str]:
    """The record kinds this school's facility settings hide (none at a township)."""
    if installation_info(sessions).role != SCHOOL:
        return frozenset()
    return reminder_settings.hidden_kinds(settings.all_values(sessions))
