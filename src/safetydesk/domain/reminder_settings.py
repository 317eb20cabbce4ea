"""The settings behind the rules that remind (issue 17, point 6) and the 防溺水 campaign, and the
school's facilities (school buses, canteen): declared once here, in the same registry as the
settings of domain/settings.py (which imports this module at its end, so every declaration is
registered whenever the registry is).

Each reminder rule is a county rule (scope county_rule): its number is one a county bureau may set
differently, so none is a constant in code. The defaults and their sources:

- bullying investigation within 10 days of its start: the county notice §6, the same as
  教督〔2017〕10号 "原则上在启动调查后10日内完成调查" (domain.md §7 [S44], §13);
- one 防欺凌专项调查 a semester: 教育部令第50号 asks for regular surveys [S45], local rules say
  at least one a semester [S43] (domain.md §7);
- an emergency plan without a review date is reviewed 12 months after approval (**U**: schools
  revise their plans each school year; domain.md §3 lists the plan's "next review");
- evacuation within 2 minutes: the 2014 drill guideline, "原则上≤2分钟" for schools of up to four
  storeys [S24] (domain.md §3); 120 seconds;
- accountability and 四个不放过 within 60 days of a 较大 or worse incident: 国务院令第493号
  第二十九条 gives the investigation report 60 days from the accident [S50]; before the cause is
  established nobody can be held accountable, so a reminder that turns red sooner would be noise
  (domain.md §8, §10 [S63]); the reminder is shown (not red) from the first day;
- education hours per grade (on): the hours of 国办发〔2017〕35号's local rules are per pupil's
  school year, so one grade's lessons cannot stand in for another's [S31] (domain.md §4);
- the 安全教育日 calendar suggests sessions 2 weeks before each day (**U**: two weekly class
  meetings before the day) [S32][S33] (domain.md §4, §13);
- parent meetings per class (off): the notice counts per school; "per class if the county says so"
  (domain.md, Rules; §5);
- expiry reminders 30 days ahead (**U**: a 健康证 needs a medical examination and a 校车标牌 a visit
  to the traffic police; a month leaves time for both) (domain.md §13 [S74][S75][S77]);
- the 防溺水 campaign from 1 May to 30 September, reminders 14 days before a holiday (**U**: "以县
  教育局当年通知为准", domain.md §13).

Facilities (scope installation, a fact about this school, not a county rule):
- has school buses: off by default. Most village schools have none (the 条例 applies only where a
  school provides school-bus service, [S75]); five pages of bus ledgers in every school's
  navigation would bury the work it does have. A school that runs buses turns it on once.
- has a canteen: on by default. Most rural schools serve meals (boarding, the nutrition programme),
  and the 2019 规定's 陪餐 and the 留样 records are inspected wherever pupils eat at school [S74];
  hiding legally required records by default would be the worse mistake.
When off, the kinds are hidden from the navigation and their reminders are silent; records are kept.

Pure declarations. Any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from safetydesk.domain.settings import Part, Scope, SettingType, SettingVar, declare
from safetydesk.i18n import N_, _

REMINDERS = N_("Reminders (county rules)")
CAMPAIGN = N_("Drowning prevention campaign (county rules)")
FACILITIES = N_("School facilities")

BULLYING_INVESTIGATION_DAYS = declare(
    SettingVar(
        key="reminders.bullying_investigation_days",
        type=SettingType.INT,
        default=10,
        label=N_("Bullying investigation: finish within N days of its start"),
        help=N_(
            "The notice (point 6) asks for the investigation within 10 days. A case whose "
            "investigation has not ended by then turns red. The day it starts is not counted."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=1,
        maximum=60,
        unit=N_(" days"),
    )
)

BULLYING_SURVEYS = declare(
    SettingVar(
        key="reminders.bullying_surveys_per_semester",
        type=SettingType.INT,
        default=1,
        label=N_("Bullying screening surveys required per semester"),
        help=N_("Schools survey their pupils for bullying regularly; at least once a semester."),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=0,
        maximum=6,
    )
)

PLAN_REVIEW_MONTHS = declare(
    SettingVar(
        key="reminders.plan_review_months",
        type=SettingType.INT,
        default=12,
        label=N_("Emergency plans: review N months after approval when no review date is set"),
        help=N_("A plan past its review date turns red; a plan with its own next review date keeps it."),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=1,
        maximum=60,
        unit=N_(" months"),
    )
)

DRILL_EVACUATION_SECONDS = declare(
    SettingVar(
        key="reminders.drill_evacuation_seconds",
        type=SettingType.INT,
        default=120,
        label=N_("Drills: evacuation target in seconds"),
        help=N_(
            "The 2014 guideline: from the signal to everyone assembled within 2 minutes in schools "
            "of up to four storeys. A slower drill is flagged until a later drill of the same type "
            "meets the target."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=30,
        maximum=1800,
        unit=N_(" seconds"),
    )
)

ACCOUNTABILITY_DAYS = declare(
    SettingVar(
        key="reminders.accountability_days",
        type=SettingType.INT,
        default=60,
        label=N_("Serious incidents: accountability and the four-not-let-go check within N days"),
        help=N_(
            "For an incident of the serious level or worse: an accountability record and a complete "
            "four-not-let-go check. The State Council's rules give the investigation report 60 days."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=1,
        maximum=365,
        unit=N_(" days"),
    )
)

EDUCATION_HOURS_BY_GRADE = declare(
    SettingVar(
        key="reminders.education_hours_by_grade",
        type=SettingType.BOOL,
        default=True,
        label=N_("Count safety education hours for each grade"),
        help=N_(
            "Every grade needs the year's hours: a session counts for the grades its 'classes or "
            "grades' names (全校, 三至六年级, 五、六年级, 三（1）班)."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
    )
)

EDUCATION_DAY_WEEKS = declare(
    SettingVar(
        key="reminders.education_day_weeks",
        type=SettingType.INT,
        default=2,
        label=N_("Safety education days: suggest a session N weeks before (0 = off)"),
        help=N_(
            "National Safety Education Day for pupils (last Monday of March), 4/15, 5/12, 11/9 and "
            "12/2: a session on the day's subject is suggested in the weeks before the day."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=0,
        maximum=8,
        unit=N_(" weeks"),
    )
)

PARENT_MEETINGS_PER_CLASS = declare(
    SettingVar(
        key="reminders.parent_meetings_per_class",
        type=SettingType.BOOL,
        default=False,
        label=N_("Count parent meetings for each class"),
        help=N_(
            "Each class then needs the required parent meetings each semester; a whole-school "
            "meeting counts for every class, a grade meeting for the classes of that grade."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
    )
)

EXPIRY_WARNING_DAYS = declare(
    SettingVar(
        key="reminders.expiry_warning_days",
        type=SettingType.INT,
        default=30,
        label=N_("Certificates and review dates: remind N days before"),
        help=N_(
            "School-bus signs, inspections, insurance and driver qualifications, health "
            "certificates, supplier licences, guards' certificates, alarm tests, risk reviews and "
            "emergency plans show as due this many days before the date, and overdue after it."
        ),
        scope=Scope.COUNTY_RULE,
        group=REMINDERS,
        minimum=1,
        maximum=180,
        unit=N_(" days"),
    )
)


def _campaign_order(value: Mapping[str, Any]) -> dict[str, str]:
    start, end = date(2027, *value["start"]), date(2027, *value["end"])
    if start < end:
        return {}
    return {"end": _("The campaign must end after it starts, within the same year.")}


CAMPAIGN_MONTHS = declare(
    SettingVar(
        key="campaign.drowning_period",
        type=SettingType.MONTH_DAYS,
        default={"start": [5, 1], "end": [9, 30]},
        label=N_("Drowning prevention campaign"),
        help=N_("The dashboard shows the campaign's progress between these two days every year."),
        scope=Scope.COUNTY_RULE,
        group=CAMPAIGN,
        parts=(Part("start", N_("Campaign starts")), Part("end", N_("Campaign ends"))),
        cross_check=_campaign_order,
    )
)

HOLIDAY_NOTICE_DAYS = declare(
    SettingVar(
        key="campaign.holiday_notice_days",
        type=SettingType.INT,
        default=14,
        label=N_("Before a holiday: remind N days ahead to send the letter and teach the six don'ts"),
        help=N_(
            "Before the summer and winter holidays (the semester calendar's ends), May Day and "
            "National Day; it turns red when the holiday starts without them."
        ),
        scope=Scope.COUNTY_RULE,
        group=CAMPAIGN,
        minimum=1,
        maximum=60,
        unit=N_(" days"),
    )
)

HAS_SCHOOL_BUS = declare(
    SettingVar(
        key="facilities.school_bus",
        type=SettingType.BOOL,
        default=False,
        label=N_("This school runs school buses"),
        help=N_(
            "When off, the school-bus pages are hidden and their reminders are silent; records "
            "already kept stay."
        ),
        scope=Scope.INSTALLATION,
        group=FACILITIES,
    )
)

HAS_CANTEEN = declare(
    SettingVar(
        key="facilities.canteen",
        type=SettingType.BOOL,
        default=True,
        label=N_("This school has a canteen"),
        help=N_(
            "When off, the canteen pages (meals with pupils, food samples, health certificates, "
            "suppliers) are hidden and their reminders are silent; records already kept stay."
        ),
        scope=Scope.INSTALLATION,
        group=FACILITIES,
    )
)

# The record kinds each facility setting hides (and whose reminders it silences) when off.
FACILITY_KINDS: dict[str, tuple[str, ...]] = {
    HAS_SCHOOL_BUS.key: ("school_bus", "bus_driver", "bus_escort", "bus_route", "bus_departure_check"),
    HAS_CANTEEN.key: ("meal_accompany", "food_sample", "canteen_staff_health", "food_supplier"),
}


def hidden_kinds(values: Mapping[str, Any]) -> frozenset[str]:
    """The record kinds a school without these facilities does not see (settings values by key;
    a missing key takes its default)."""
    out: set[str] = set()
    for key, kinds in FACILITY_KINDS.items():
        var = HAS_SCHOOL_BUS if key == HAS_SCHOOL_BUS.key else HAS_CANTEEN
        if not var.read(values.get(key)):
            out.update(kinds)
    return frozenset(out)


# The daily logs' rules and the registers' numbers (issue 17, phase 3) are declared in their own
# module; importing it here registers them whenever the registry is loaded.
from safetydesk.domain import log_rule_settings as _log_rule_settings  # noqa: E402,F401
