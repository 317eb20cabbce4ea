"""Each rule that remind turns red on the right day and not the day before, and its county rule,
changed through services.settings.write, changes the outcome. Real records in a real SQLite
installation; the clock moved with domain.clock; boundary days written out."""

from __future__ import annotations

from datetime import date, datetime

from safetydesk.domain.compliance import State
from safetydesk.i18n import LOCAL_TZ
from safetydesk.services import incidents
from tests.reminders.helpers import on, save, set_rule, states, status_on, update

DUE, OVERDUE, DONE = State.DUE, State.OVERDUE, State.DONE


# --- bullying: investigation within 10 days (notice §6) --------------------------------------------


def bullying_case(ws, found: date, started: date | None = None) -> str:
    with on(found):
        return save(ws, "bullying_case", {"found_on": found, "students_involved": "学生甲、学生乙",
                                          "behaviour": "insult", "investigation_start": started})


def test_a_bullying_investigation_started_on_11_02_is_red_on_11_13_not_11_12(workspace):
    uuid = bullying_case(workspace, date(2026, 11, 2), date(2026, 11, 2))
    assert states(workspace, "bullying_investigation", date(2026, 11, 12)) == [DUE]  # the 10th day: in time
    assert states(workspace, "bullying_investigation", date(2026, 11, 13)) == [OVERDUE]
    with on(date(2026, 11, 13)):
        update(workspace, "bullying_case", uuid, investigation_end=date(2026, 11, 13), conclusion="bullying")
    assert states(workspace, "bullying_investigation", date(2026, 11, 13)) == []


def test_an_investigation_not_started_counts_from_the_day_the_case_was_found(workspace):
    bullying_case(workspace, date(2026, 11, 2))
    assert states(workspace, "bullying_investigation", date(2026, 11, 1)) == []  # not found yet
    assert states(workspace, "bullying_investigation", date(2026, 11, 12)) == [DUE]
    assert states(workspace, "bullying_investigation", date(2026, 11, 13)) == [OVERDUE]


def test_the_county_sets_5_days_for_the_investigation(workspace):
    bullying_case(workspace, date(2026, 11, 2), date(2026, 11, 3))
    set_rule(workspace, "reminders.bullying_investigation_days", 5)
    assert states(workspace, "bullying_investigation", date(2026, 11, 8)) == [DUE]
    assert states(workspace, "bullying_investigation", date(2026, 11, 9)) == [OVERDUE]


# --- a 防欺凌专项调查 each semester ---------------------------------------------------------------------


def test_no_bullying_survey_in_the_autumn_semester_is_red_the_day_after_it_ends(workspace):
    # the default calendar: the autumn semester ends on 20 January
    assert states(workspace, "bullying_surveys", date(2027, 1, 20)) == [DUE]
    assert states(workspace, "bullying_surveys", date(2027, 1, 21)) == [OVERDUE]
    assert status_on(workspace, date(2027, 1, 21))["bullying_surveys"] == {"held": 0, "required": 1,
                                                                          "state": "overdue"}
    with on(date(2026, 12, 1)):
        save(workspace, "bullying_survey", {"surveyed_on": date(2026, 12, 1), "scope": "全校三至六年级"})
    assert states(workspace, "bullying_surveys", date(2027, 1, 21)) == [DONE]


def test_the_county_asks_for_two_surveys_a_semester_or_none(workspace):
    with on(date(2026, 12, 1)):
        save(workspace, "bullying_survey", {"surveyed_on": date(2026, 12, 1), "scope": "全校"})
    assert states(workspace, "bullying_surveys", date(2027, 1, 21)) == [DONE]
    set_rule(workspace, "reminders.bullying_surveys_per_semester", 2)
    assert states(workspace, "bullying_surveys", date(2027, 1, 20)) == [DUE]
    assert states(workspace, "bullying_surveys", date(2027, 1, 21)) == [OVERDUE]
    set_rule(workspace, "reminders.bullying_surveys_per_semester", 0)
    assert states(workspace, "bullying_surveys", date(2027, 1, 21)) == []


# --- emergency plans past their review date ----------------------------------------------------------


def test_a_plan_to_review_on_11_10_is_due_from_10_11_and_red_on_11_11(workspace):
    with on(date(2025, 11, 10)):
        save(workspace, "emergency_plan", {"name": "校园火灾事故应急预案", "plan_type": "accident_disaster",
                                           "approved_on": date(2025, 11, 10), "next_review_on": date(2026, 11, 10)})
    assert states(workspace, "plan_review", date(2026, 10, 10)) == []  # 31 days before
    assert states(workspace, "plan_review", date(2026, 10, 11)) == [DUE]  # 30 days before
    assert states(workspace, "plan_review", date(2026, 11, 10)) == [DUE]
    assert states(workspace, "plan_review", date(2026, 11, 11)) == [OVERDUE]
    assert status_on(workspace, date(2026, 11, 11))["emergency_plans"] == {"total": 1, "review_due": 0,
                                                                          "review_overdue": 1}


def test_a_plan_without_a_review_date_is_reviewed_after_the_countys_months(workspace):
    with on(date(2026, 3, 1)):
        save(workspace, "emergency_plan", {"name": "防暴力侵害应急预案", "plan_type": "social_safety",
                                           "approved_on": date(2026, 3, 1)})
    assert states(workspace, "plan_review", date(2026, 12, 1)) == []  # 12 months: review 2027-03-01
    set_rule(workspace, "reminders.plan_review_months", 6)  # review 2026-09-01
    assert states(workspace, "plan_review", date(2026, 9, 1)) == [DUE]
    assert states(workspace, "plan_review", date(2026, 9, 2)) == [OVERDUE]
    # approved again under the same name: the new approval counts, the old row is history
    with on(date(2026, 9, 5)):
        save(workspace, "emergency_plan", {"name": "防暴力侵害应急预案", "plan_type": "social_safety",
                                           "approved_on": date(2026, 9, 5), "version": "2026秋季版"})
    assert states(workspace, "plan_review", date(2026, 9, 6)) == []


# --- drills over the evacuation target ---------------------------------------------------------------


def drill(ws, held_on: date, seconds: int, drill_type: str = "fire") -> str:
    with on(held_on):
        return save(ws, "drill", {"name": f"{held_on.month}月消防疏散演练", "drill_type": drill_type,
                                  "mode": "planned", "held_on": held_on, "evacuation_seconds": seconds})


def test_a_drill_of_2_min_1_s_is_flagged_from_its_day_and_2_min_is_not(workspace):
    drill(workspace, date(2026, 10, 9), 120)
    drill(workspace, date(2026, 11, 10), 121)
    assert states(workspace, "drill_evacuation", date(2026, 11, 9)) == []  # the slow drill is tomorrow
    assert states(workspace, "drill_evacuation", date(2026, 11, 10)) == [OVERDUE]
    assert status_on(workspace, date(2026, 11, 10))["drill_evacuation"] == {
        "target_seconds": 120, "over_target": 1, "not_redone": 1}
    drill(workspace, date(2026, 11, 20), 110, "earthquake")  # another type does not make it good
    assert states(workspace, "drill_evacuation", date(2026, 11, 20)) == [OVERDUE]
    drill(workspace, date(2026, 11, 24), 115)  # a fire drill within the target does
    assert states(workspace, "drill_evacuation", date(2026, 11, 24)) == [DONE]


def test_the_county_sets_the_target_at_3_minutes(workspace):
    drill(workspace, date(2026, 11, 10), 150)
    assert states(workspace, "drill_evacuation", date(2026, 11, 10)) == [OVERDUE]
    set_rule(workspace, "reminders.drill_evacuation_seconds", 180)
    assert states(workspace, "drill_evacuation", date(2026, 11, 10)) == []
    assert status_on(workspace, date(2026, 11, 10))["drill_evacuation"]["target_seconds"] == 180


# --- 较大+ incidents: accountability and 四个不放过 --------------------------------------------------


def serious_incident(ws, learned: date, level: str = "larger") -> str:
    at = datetime(learned.year, learned.month, learned.day, 10, 0, tzinfo=LOCAL_TZ)
    with on(learned, 11):
        return incidents.capture(ws.sessions, ws.actor, {
            "title": "学生课间踩踏受伤", "level": level, "occurred_at": at, "learned_at": at,
            "place": "教学楼东楼梯", "summary": "课间下楼时发生拥挤，5名学生受伤。"})  # fmt: skip


def test_a_serious_incident_without_follow_up_is_red_61_days_after_it_was_learned(workspace):
    uuid = serious_incident(workspace, date(2026, 9, 1))
    assert states(workspace, "incident_follow_up", date(2026, 9, 1)) == [DUE]  # shown from the first day
    assert states(workspace, "incident_follow_up", date(2026, 10, 31)) == [DUE]  # day 60
    assert states(workspace, "incident_follow_up", date(2026, 11, 1)) == [OVERDUE]
    with on(date(2026, 11, 2)):
        save(workspace, "accountability_record", {"person_name": "王某", "measure": "admonition_talk",
                                                  "basis": "值日教师未到岗。", "decided_on": date(2026, 11, 2),
                                                  "incident_uuid": uuid})
        save(workspace, "four_not_check", {"incident_uuid": uuid, "checked_on": date(2026, 11, 2),
                                           "cause_found": True, "responsible_handled": True,
                                           "measures_done": True, "people_educated": False})
    assert states(workspace, "incident_follow_up", date(2026, 11, 2)) == [OVERDUE]  # one point not done
    assert status_on(workspace, date(2026, 11, 2))["serious_incidents"] == {
        "total": 1, "followed_up": 0, "due": 0, "overdue": 1}
    with on(date(2026, 11, 3)):
        save(workspace, "four_not_check", {"incident_uuid": uuid, "checked_on": date(2026, 11, 3),
                                           "cause_found": True, "responsible_handled": True,
                                           "measures_done": True, "people_educated": True})
    assert states(workspace, "incident_follow_up", date(2026, 11, 3)) == []
    assert status_on(workspace, date(2026, 11, 3))["serious_incidents"]["followed_up"] == 1


def test_a_general_incident_needs_no_four_not_check_and_the_county_sets_30_days(workspace):
    serious_incident(workspace, date(2026, 9, 1), "general")
    serious_incident(workspace, date(2026, 9, 1), "major")
    set_rule(workspace, "reminders.accountability_days", 30)
    assert states(workspace, "incident_follow_up", date(2026, 10, 1)) == [DUE]  # day 30
    assert states(workspace, "incident_follow_up", date(2026, 10, 2)) == [OVERDUE]


# --- expiry reminders -------------------------------------------------------------------------------------


def test_a_health_certificate_valid_until_12_31_is_due_from_12_01_and_red_on_1_1(workspace):
    with on(date(2026, 1, 5)):
        save(workspace, "canteen_staff_health", {"name": "钱红梅", "post": "cook", "certificate_no": "豫健2026-001",
                                                 "issued_on": date(2026, 1, 1), "valid_until": date(2026, 12, 31)})
    assert states(workspace, "expiry", date(2026, 11, 30)) == []
    assert states(workspace, "expiry", date(2026, 12, 1)) == [DUE]
    assert states(workspace, "expiry", date(2026, 12, 31)) == [DUE]  # still valid that day
    assert states(workspace, "expiry", date(2027, 1, 1)) == [OVERDUE]
    assert status_on(workspace, date(2027, 1, 1))["expiries"]["canteen"] == {"due_soon": 0, "overdue": 1}
    # the renewed certificate kept as a new row replaces the old one
    with on(date(2027, 1, 2)):
        save(workspace, "canteen_staff_health", {"name": "钱红梅", "post": "cook", "certificate_no": "豫健2027-001",
                                                 "issued_on": date(2027, 1, 2), "valid_until": date(2027, 12, 31)})
    assert states(workspace, "expiry", date(2027, 1, 2)) == []


def test_the_county_reminds_10_days_ahead(workspace):
    with on(date(2026, 1, 5)):
        save(workspace, "security_guard", {"name": "李保国", "post": "full_time", "started_on": date(2025, 9, 1),
                                           "certificate_valid_until": date(2026, 12, 31)})
    set_rule(workspace, "reminders.expiry_warning_days", 10)
    assert states(workspace, "expiry", date(2026, 12, 20)) == []
    assert states(workspace, "expiry", date(2026, 12, 21)) == [DUE]
    assert states(workspace, "expiry", date(2027, 1, 1)) == [OVERDUE]


def test_every_register_with_a_date_reminds(workspace):
    with on(date(2026, 1, 5)):
        staff = save(workspace, "staff", {"name": "赵老师"})
        bus = save(workspace, "school_bus", {"plate": "豫E·12345", "bus_type": "dedicated", "seats": 19,
                                             "sign_valid_until": date(2026, 12, 1), "insurance_until": date(2026, 12, 1),
                                             "last_inspection_on": date(2026, 6, 1),
                                             "next_inspection_on": date(2026, 12, 1)})
        save(workspace, "bus_driver", {"name": "张师傅", "bus_uuid": bus, "licence_class": "a1",
                                       "qualified_on": date(2020, 1, 1), "licence_valid_until": date(2026, 12, 1),
                                       "qualification_valid_until": date(2026, 12, 1)})
        save(workspace, "food_supplier", {"supplier": "示范镇粮油店", "licence_type": "food_business",
                                          "licence_no": "JY14105220001", "valid_until": date(2026, 12, 1),
                                          "checked_on": date(2026, 1, 5)})
        save(workspace, "security_system_test", {"tested_on": date(2026, 1, 5), "system": "one_button_alarm",
                                                 "location": "门卫室", "result": "normal",
                                                 "next_test_on": date(2026, 12, 1)})
        save(workspace, "risk_point", {"name": "教学楼楼梯", "category": "school_building", "level": "orange",
                                       "measures": "课间安排教师值守", "responsible_uuid": staff,
                                       "identified_on": date(2026, 1, 5), "next_review_on": date(2026, 12, 1)})
    # a school without buses (the default) hears nothing of them; its status still counts them (the
    # township cannot see the school's facility settings)
    assert states(workspace, "expiry", date(2026, 12, 1)) == [DUE] * 3
    expiries = status_on(workspace, date(2026, 12, 2))["expiries"]
    assert expiries == {"school_bus": {"due_soon": 0, "overdue": 5}, "canteen": {"due_soon": 0, "overdue": 1},
                        "security": {"due_soon": 0, "overdue": 1}, "risk_points": {"due_soon": 0, "overdue": 1}}
    set_rule(workspace, "facilities.school_bus", True)
    assert states(workspace, "expiry", date(2026, 10, 31)) == []  # 31 days before
    assert states(workspace, "expiry", date(2026, 11, 1)) == [DUE] * 8  # 30 days before
    assert states(workspace, "expiry", date(2026, 12, 1)) == [DUE] * 8
    assert states(workspace, "expiry", date(2026, 12, 2)) == [OVERDUE] * 8
    set_rule(workspace, "facilities.canteen", False)  # the supplier's licence falls silent
    assert states(workspace, "expiry", date(2026, 12, 2)) == [OVERDUE] * 7
    assert status_on(workspace, date(2026, 12, 2))["expiries"] == expiries


# --- education hours per grade ------------------------------------------------------------------------------


def classes(ws, *names: str) -> list[str]:
    return [save(ws, "class", {"name": n, "grade": n[:3]}) for n in names]


def test_grades_4_to_6_without_hours_are_red_the_day_after_the_school_year_ends(workspace):
    with on(date(2025, 9, 1)):
        classes(workspace, "一年级（1）班", "二年级（1）班", "三年级（1）班", "四年级（1）班", "五年级（1）班",
                "六年级（1）班")
        for month in range(9, 13):
            save(workspace, "education_session", {"held_on": date(2025, month, 10), "classes": "一至三年级",
                                                  "topic": "交通安全", "module": "accidental_injury", "hours": 3.5})
        save(workspace, "education_session", {"held_on": date(2025, 12, 12), "classes": "五、六年级",
                                              "topic": "防范电信网络诈骗", "module": "network_safety", "hours": 1})
    grades = status_on(workspace, date(2026, 7, 10))["education_hours_by_grade"]["grades"]
    assert [(g["grade"], g["done"], g["state"]) for g in grades] == [
        (1, 14, "done"), (2, 14, "done"), (3, 14, "done"), (4, 0, "due"), (5, 1, "due"), (6, 1, "due")]
    assert states(workspace, "education_hours_by_grade", date(2026, 7, 10)) == [DUE]
    assert states(workspace, "education_hours_by_grade", date(2026, 7, 11)) == [OVERDUE]  # the year ended short
    # counted school-wide the 15 hours would pass the 14 required
    assert status_on(workspace, date(2026, 7, 11))["education_hours"]["state"] == "done"


def test_the_county_counts_hours_school_wide_only(workspace):
    with on(date(2025, 9, 1)):
        classes(workspace, "一年级（1）班", "二年级（1）班")
        save(workspace, "education_session", {"held_on": date(2025, 9, 10), "classes": "一年级",
                                              "topic": "交通安全", "module": "accidental_injury", "hours": 14})
    assert states(workspace, "education_hours_by_grade", date(2026, 7, 11)) == [OVERDUE]
    set_rule(workspace, "reminders.education_hours_by_grade", False)
    assert states(workspace, "education_hours_by_grade", date(2026, 7, 11)) == []
    assert status_on(workspace, date(2026, 7, 11))["education_hours_by_grade"] is None


# --- the 安全教育日 calendar ---------------------------------------------------------------------------------


def test_pupils_safety_day_2026_is_suggested_from_3_16_and_red_on_3_31(workspace):
    rule, day = "education_day", date(2026, 3, 30)  # 2026: the last Monday of March is 30 March
    assert states(workspace, rule, date(2026, 3, 15)) == []
    assert states(workspace, rule, date(2026, 3, 16)) == [DUE]  # two weeks before
    assert states(workspace, rule, date(2026, 3, 30)) == [DUE]
    assert states(workspace, rule, date(2026, 3, 31)) == [OVERDUE]
    assert states(workspace, rule, date(2026, 4, 6), day) == [OVERDUE]  # a week after, still red
    assert states(workspace, rule, date(2026, 4, 7), day) == []  # then dropped: advice, not a duty
    assert states(workspace, rule, date(2026, 4, 7)) == [DUE]  # 全民国家安全教育日 (4-15) is next
    with on(date(2026, 3, 27)):
        save(workspace, "education_session", {"held_on": date(2026, 3, 27), "classes": "全校",
                                              "topic": "安全教育日专题教育", "module": "social_safety", "hours": 1})
    assert states(workspace, rule, date(2026, 3, 31)) == [DONE]


def test_the_fire_day_wants_a_fire_lesson_and_the_county_sets_three_weeks(workspace):
    with on(date(2026, 11, 2)):
        save(workspace, "education_session", {"held_on": date(2026, 11, 2), "classes": "全校",
                                              "topic": "交通安全", "module": "accidental_injury", "theme": "traffic",
                                              "hours": 1})
    fire_day = date(2026, 11, 9)
    assert states(workspace, "education_day", date(2026, 11, 10), fire_day) == [OVERDUE]  # no fire lesson
    set_rule(workspace, "reminders.education_day_weeks", 3)
    assert states(workspace, "education_day", date(2026, 10, 18), fire_day) == []
    assert states(workspace, "education_day", date(2026, 10, 19), fire_day) == [DUE]
    set_rule(workspace, "reminders.education_day_weeks", 0)
    assert states(workspace, "education_day", date(2026, 11, 10)) == []


# --- parent meetings per class --------------------------------------------------------------------------------


def test_per_class_a_class_with_one_meeting_is_red_the_day_after_the_semester(workspace):
    with on(date(2026, 9, 1)):
        classes(workspace, "一年级（1）班", "一年级（2）班")
        save(workspace, "parent_meeting", {"held_on": date(2026, 9, 20), "scope": "school", "topic": "开学家长会"})
        save(workspace, "parent_meeting", {"held_on": date(2026, 12, 10), "scope": "class", "classes": "一（1）班",
                                           "topic": "期末家长会"})
    assert states(workspace, "parent_meetings_by_class", date(2027, 1, 21)) == []  # the county rule is off
    assert status_on(workspace, date(2027, 1, 21))["parent_meetings_by_class"] is None
    assert status_on(workspace, date(2027, 1, 21))["parent_meetings"]["state"] == "done"  # 2 at the school
    set_rule(workspace, "reminders.parent_meetings_per_class", True)
    assert states(workspace, "parent_meetings_by_class", date(2027, 1, 20)) == [DUE]
    assert states(workspace, "parent_meetings_by_class", date(2027, 1, 21)) == [OVERDUE]
    assert status_on(workspace, date(2027, 1, 21))["parent_meetings_by_class"] == [
        {"class": "一年级（1）班", "held": 2, "required": 2, "state": "done"},
        {"class": "一年级（2）班", "held": 1, "required": 2, "state": "overdue"},
    ]


# --- before the holidays (防溺水) ------------------------------------------------------------------------------


def test_before_the_summer_holiday_the_letter_and_lesson_are_due_and_red_on_its_first_day(workspace):
    # the default calendar: the spring semester ends 10 July, the summer holiday starts 11 July
    rule = "holiday_notice"
    assert states(workspace, rule, date(2027, 6, 26)) == []
    assert states(workspace, rule, date(2027, 6, 27)) == [DUE]  # 14 days before
    assert states(workspace, rule, date(2027, 7, 10)) == [DUE]
    assert states(workspace, rule, date(2027, 7, 11)) == [OVERDUE]
    with on(date(2027, 7, 1)):
        cls = save(workspace, "class", {"name": "三年级（1）班", "grade": "三年级"})
        save(workspace, "drowning_letter", {"batch": "2027年暑假防溺水致家长的一封信", "occasion": "summer",
                                            "class_uuid": cls, "sent_on": date(2027, 7, 1), "sent_count": 40,
                                            "returned_count": 38})
    assert states(workspace, rule, date(2027, 7, 11)) == [OVERDUE]  # the 六不 lesson is still missing
    with on(date(2027, 7, 2)):
        save(workspace, "education_session", {"held_on": date(2027, 7, 2), "classes": "全校",
                                              "topic": "防溺水“六不”专题教育", "module": "accidental_injury",
                                              "theme": "drowning", "hours": 1})
    assert states(workspace, rule, date(2027, 7, 11)) == [DONE]


def test_the_county_reminds_a_week_before_the_holidays(workspace):
    set_rule(workspace, "campaign.holiday_notice_days", 7)
    assert states(workspace, "holiday_notice", date(2027, 7, 3)) == []
    assert states(workspace, "holiday_notice", date(2027, 7, 4)) == [DUE]
    # the winter holiday (after 20 January) and National Day (1 October) too
    assert states(workspace, "holiday_notice", date(2027, 1, 21)) == [OVERDUE]
    assert states(workspace, "holiday_notice", date(2026, 9, 30)) == [DUE]


def test_the_days_are_those_of_the_countys_semester_calendar(workspace):
    set_rule(workspace, "semester_calendar", {"spring_end": [7, 5]})
    assert states(workspace, "holiday_notice", date(2027, 7, 5)) == [DUE]
    assert states(workspace, "holiday_notice", date(2027, 7, 6)) == [OVERDUE]

