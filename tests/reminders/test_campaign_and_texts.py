"""The 防溺水 campaign's months and figures, how a teacher's "classes or grades" text is read, and
the county rules refusing what is not a rule (nothing stored)."""

from __future__ import annotations

from datetime import date

import pytest

from safetydesk.cli import main
from safetydesk.domain.grade_hours import Mentions, grade_number, read_mentions
from safetydesk.errors import ValidationError
from safetydesk.services import reminders, settings
from tests.reminders.helpers import on, save, set_rule
from tests.support import PASSWORD, dump


@pytest.mark.parametrize(("text", "grades", "classes"), [
    ("四至六年级", {4, 5, 6}, set()),
    ("一至三年级", {1, 2, 3}, set()),
    ("五、六年级", {5, 6}, set()),
    ("3-6年级", {3, 4, 5, 6}, set()),
    ("初一至初三", {7, 8, 9}, set()),
    ("初二", {8}, set()),
    ("高一", {10}, set()),
    ("七年级", {7}, set()),
    ("三（1）班、三年级（2）班", set(), {(3, 1), (3, 2)}),
    ("4年级2班", set(), {(4, 2)}),
    ("三年级各班", {3}, set()),
])  # fmt: skip
def test_a_teachers_classes_or_grades_text_names_grades_and_classes(text, grades, classes):
    assert read_mentions(text) == Mentions(False, frozenset(grades), frozenset(classes))


@pytest.mark.parametrize("text", ["全校", "全校各班", "全体学生", "各班"])
def test_the_whole_school_in_the_words_teachers_write(text):
    assert read_mentions(text).whole_school


def test_text_naming_no_grade_is_read_as_nothing_not_guessed():
    assert read_mentions("留守儿童").empty and read_mentions("").empty and read_mentions(None).empty
    assert grade_number("十三") is None and grade_number("初四") is None and grade_number("十二") == 12


def _campaign(ws, day: date):
    with on(day):
        return reminders.load(ws.sessions, ws.info.school_type).campaign


def test_the_campaign_shows_from_may_1_to_september_30(workspace):
    with on(date(2027, 4, 20)):
        cls = [save(workspace, "class", {"name": n, "grade": n[:3]}) for n in ("一年级（1）班", "二年级（1）班")]
        save(workspace, "drowning_letter", {"batch": "2027年“五一”假期防溺水致家长的一封信", "occasion": "short_holiday",
                                            "class_uuid": cls[0], "sent_on": date(2027, 4, 28), "sent_count": 40,
                                            "returned_count": 36})
        area = save(workspace, "water_area", {"name": "学校南侧河塘", "water_type": "pond", "location": "学校南墙外",
                                              "risk_level": "high", "registered_on": date(2027, 4, 1)})
        staff = save(workspace, "staff", {"name": "赵老师"})
        save(workspace, "water_patrol", {"area_uuid": area, "patrolled_on": date(2027, 5, 31), "patroller_uuid": staff,
                                         "findings": "警示牌完好"})
    assert _campaign(workspace, date(2027, 4, 30)) is None
    c = _campaign(workspace, date(2027, 5, 1))
    assert c is not None and c.batch == "2027年“五一”假期防溺水致家长的一封信"
    assert [(x.name, x.sent, x.returned, x.letter_sent) for x in c.classes] == [
        ("一年级（1）班", 40, 36, True), ("二年级（1）班", 0, 0, False)]  # the second class: not sent
    assert (c.sent, c.returned, round(c.rate, 2)) == (40, 36, 0.9)
    assert (c.waters, c.patrolled_this_month, c.signs_missing) == (1, 0, 1)
    assert _campaign(workspace, date(2027, 5, 31)).patrolled_this_month == 1
    assert _campaign(workspace, date(2027, 6, 1)).patrolled_this_month == 0  # a new month
    assert _campaign(workspace, date(2027, 9, 30)) is not None
    assert _campaign(workspace, date(2027, 10, 1)) is None


def test_the_county_sets_the_campaign_to_june_july_and_august(workspace):
    set_rule(workspace, "campaign.drowning_period", {"start": "6月1日", "end": "8-31"})
    assert settings.get(workspace.sessions, "campaign.drowning_period") == {"start": [6, 1], "end": [8, 31]}
    assert _campaign(workspace, date(2027, 5, 15)) is None
    assert _campaign(workspace, date(2027, 6, 1)) is not None
    assert _campaign(workspace, date(2027, 9, 1)) is None


def test_a_rule_that_is_no_rule_is_refused_and_nothing_is_stored(workspace):
    before = dump(workspace.paths.database)
    with pytest.raises(ValidationError) as bad:
        settings.write(workspace.sessions, workspace.actor, {
            "campaign.drowning_period": {"start": [9, 30], "end": [5, 1]},
            "reminders.drill_evacuation_seconds": 5,
        })  # fmt: skip
    assert set(bad.value.field_errors) == {"campaign.drowning_period.end", "reminders.drill_evacuation_seconds"}
    assert "专项工作的结束日期须在开始日期之后" in bad.value.user_message
    assert "应急疏散演练用时目标（秒）：请填写 30 到 1800 之间的整数" in bad.value.user_message
    assert dump(workspace.paths.database) == before


def test_the_county_rules_on_the_command_line(workspace, tmp_path, capsys):
    root = str(workspace.paths.root)
    password = tmp_path / "pw"
    password.write_text(PASSWORD, encoding="utf-8")
    workspace.close()
    assert main(["--data-dir", root, "settings", "get", "reminders.bullying_investigation_days"]) == 0
    assert capsys.readouterr().out.strip().startswith("10")
    assert main(["--data-dir", root, "settings", "set", "reminders.accountability_days", "45", "--user", "admin",
                 "--password-file", str(password)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", root, "settings", "get", "reminders.accountability_days", "--json"]) == 0
    assert "45" in capsys.readouterr().out
    assert main(["--data-dir", root, "settings", "set", "facilities.school_bus", "yes", "--user", "admin",
                 "--password-file", str(password)]) == 0
