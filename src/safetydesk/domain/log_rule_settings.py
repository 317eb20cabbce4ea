"""The county rules behind the daily logs (护学岗, 封闭化管理, 校车出车前检查, 陪餐, 留样) and the numbers
of the canteen, school-bus, security and risk registers (issue 17, phase 3): declared once here, in
the same registry as domain/settings.py (domain/reminder_settings.py imports this module at its
end, so every declaration is registered whenever the registry is).

Every one is a county rule (scope county_rule): a number a county bureau may set differently, so
none is a constant in code; issue 16 carries county rules from the county to its schools. The
defaults and their sources (domain.md §13):

- 护学岗: 《中小学幼儿园安全防范工作规范（试行）》（2015）and local rules ask for duty at the
  gate at the morning and afternoon peaks [S77][S78]: 2 periods every school day;
- 封闭化管理: the same 规范 [S77][S78]; how often a check is written down is local practice
  (**U**): every 5 school days (a week);
- 校车: the driver checks the bus before each departure (《校车安全管理条例》 国务院令第617号,
  [S75]): at least 1 written check a school day for every bus in service on a route; a
  safety-technical inspection every 6 months (a local draft's practice [S76], **U**);
- 陪餐: 《学校食品安全与营养健康管理规定》（2019）"每餐均应当有学校相关负责人与学生共同用餐"
  [S74]: 1 meal a school day by default (a day school's lunch; a boarding school sets 3);
- 留样: at least 125 g of every dish kept refrigerated at least 48 hours (the catering operating
  rules' common practice, **U**); every school day the canteen serves;
- security guards: "500 人以内至少 2 名" (a local standard, **U**) [S77]; one more for each further
  500 pupils begun (**U**);
- risk points 红/橙/黄/蓝 (风险分级管控 [S6]): reviewed every 1, 3, 6 and 12 months (**U**: the
  higher the risk, the more often); a county of three levels [S7] sets 0 for the level it does
  not use;
- how far back the daily logs are checked: the last 10 school days (two school weeks), so a
  school that starts using the program mid-semester is not buried under its first weeks.

A school day is a weekday inside the county's semester calendar (domain/semester.py) that is not
one of the fixed national holidays (domain/daily_logs.py). Pure declarations. Any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safetydesk.domain.settings import Part, Scope, SettingType, SettingVar, declare
from safetydesk.i18n import N_, _

DAILY = N_("Daily logs (county rules)")
REGISTERS = N_("Canteen, school buses, security and risks (county rules)")

DAILY_LOG_WINDOW = declare(
    SettingVar(
        key="daily_logs.window_school_days",
        type=SettingType.INT,
        default=10,
        label=N_("Daily logs: check the last N school days"),
        help=N_(
            "The gate duty, closed-campus checks, bus checks, meals with pupils and food samples "
            "of this many school days before today are checked; a missing day turns red the day "
            "after it."
        ),
        scope=Scope.COUNTY_RULE,
        group=DAILY,
        minimum=1,
        maximum=60,
        unit=N_(" school days"),
    )
)

GUARD_DUTY_PERIODS = declare(
    SettingVar(
        key="daily_logs.guard_duty_periods",
        type=SettingType.INT,
        default=2,
        label=N_("School-gate guard duty: periods kept each school day (0 = off)"),
        help=N_(
            "Teachers on duty at the gate at the morning arrival and the afternoon dismissal: a "
            "school day with fewer periods in the duty roster turns red the next day."
        ),
        scope=Scope.COUNTY_RULE,
        group=DAILY,
        minimum=0,
        maximum=4,
    )
)

CLOSED_CAMPUS_DAYS = declare(
    SettingVar(
        key="daily_logs.closed_campus_check_days",
        type=SettingType.INT,
        default=5,
        label=N_("Closed campus management: a check at least every N school days (0 = off)"),
        help=N_(
            "Gate closed, walls intact, visitors registered, gate watched: written down at least "
            "this often. Red the school day after the last day allowed."
        ),
        scope=Scope.COUNTY_RULE,
        group=DAILY,
        minimum=0,
        maximum=20,
        unit=N_(" school days"),
    )
)

BUS_CHECKS_PER_DAY = declare(
    SettingVar(
        key="daily_logs.bus_checks_per_day",
        type=SettingType.INT,
        default=1,
        label=N_("School buses: checks before departure each school day (0 = off)"),
        help=N_(
            "Every bus in service on a route is checked by its driver before it leaves; a school "
            "day with fewer written checks of a bus turns red the next day."
        ),
        scope=Scope.COUNTY_RULE,
        group=DAILY,
        minimum=0,
        maximum=4,
    )
)

MEALS_ACCOMPANIED = declare(
    SettingVar(
        key="daily_logs.meals_accompanied_per_day",
        type=SettingType.INT,
        default=1,
        label=N_("Meals with pupils: meals a school leader eats with pupils each school day (0 = off)"),
        help=N_(
            "The 2019 rules ask for a school leader at every meal: 1 for a day school's lunch, 3 "
            "for a boarding school. A school day with fewer records turns red the next day."
        ),
        scope=Scope.COUNTY_RULE,
        group=DAILY,
        minimum=0,
        maximum=3,
    )
)

FOOD_SAMPLES_DAILY = declare(
    SettingVar(
        key="daily_logs.food_samples_every_day",
        type=SettingType.BOOL,
        default=True,
        label=N_("Food samples: kept every school day"),
        help=N_(
            "A school day without food samples turns red the next day; a sample lighter or kept "
            "shorter than the rules below is red from its day."
        ),
        scope=Scope.COUNTY_RULE,
        group=DAILY,
    )
)

SAMPLE_GRAMS = declare(
    SettingVar(
        key="canteen.sample_min_grams",
        type=SettingType.INT,
        default=125,
        label=N_("Food samples: at least N grams of each dish"),
        help=N_("Checked when a sample is saved, and on the dashboard for samples already kept."),
        scope=Scope.COUNTY_RULE,
        group=REGISTERS,
        minimum=50,
        maximum=500,
        unit=N_(" g"),
    )
)

SAMPLE_HOURS = declare(
    SettingVar(
        key="canteen.sample_keep_hours",
        type=SettingType.INT,
        default=48,
        label=N_("Food samples: kept refrigerated at least N hours"),
        help=N_("Checked when a sample is saved, and on the dashboard for samples already kept."),
        scope=Scope.COUNTY_RULE,
        group=REGISTERS,
        minimum=24,
        maximum=168,
        unit=N_(" h"),
    )
)

BUS_INSPECTION_MONTHS = declare(
    SettingVar(
        key="school_bus.inspection_months",
        type=SettingType.INT,
        default=6,
        label=N_("School buses: a safety inspection at least every N months"),
        help=N_(
            "The next inspection is due this many months after the last one (or on the bus's own "
            "next date, if that is sooner); a later next date is refused."
        ),
        scope=Scope.COUNTY_RULE,
        group=REGISTERS,
        minimum=1,
        maximum=24,
        unit=N_(" months"),
    )
)

def _guards_check(value: Mapping[str, Any]) -> dict[str, str]:
    if value["guards"] > 20 or value["pupils"] < 50:
        return {"": _("Give at most 20 guards and at least 50 pupils.")}
    return {}


GUARDS_PER_PUPILS = declare(
    SettingVar(
        key="security.guards_per_pupils",
        type=SettingType.INT_PARTS,
        default={"guards": 2, "pupils": 500},
        label=N_("Security guards: full-time guards required per pupils"),
        help=N_(
            "At least this many full-time guards for up to this many pupils, and one more for each "
            "further block of pupils begun. Pupils are counted from the classes' numbers."
        ),
        scope=Scope.COUNTY_RULE,
        group=REGISTERS,
        minimum=0,
        maximum=5000,
        parts=(Part("guards", N_("Guards")), Part("pupils", N_("Pupils"))),
        cross_check=_guards_check,
    )
)

RISK_LEVELS = ("red", "orange", "yellow", "blue")  # kinds/hazards.RISK_COLOURS, highest first


def _risk_months_check(value: Mapping[str, Any]) -> dict[str, str]:
    if not value["red"] or not value["blue"]:
        return {"": _("Red and blue risks are always used: give them a number of months.")}
    return {}


RISK_REVIEW_MONTHS = declare(
    SettingVar(
        key="risk.review_months",
        type=SettingType.INT_PARTS,
        default={"red": 1, "orange": 3, "yellow": 6, "blue": 12},
        label=N_("Risk levels: review every N months (0 = level not used)"),
        help=N_(
            "A risk point without its own next review is reviewed this long after it was "
            "identified; a later next review is refused. A county of three levels sets 0 for the "
            "level it does not use, which can then not be chosen."
        ),
        scope=Scope.COUNTY_RULE,
        group=REGISTERS,
        minimum=0,
        maximum=36,
        parts=(
            Part("red", N_("Red (major risk)")),
            Part("orange", N_("Orange (serious risk)")),
            Part("yellow", N_("Yellow (general risk)")),
            Part("blue", N_("Blue (low risk)")),
        ),
        cross_check=_risk_months_check,
    )
)
