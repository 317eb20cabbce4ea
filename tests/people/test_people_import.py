"""A school officer fills the template with staff, classes and students and imports it at once;
a file with one bad row, or a broken file, changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from safetydesk.errors import SafetyDeskError
from safetydesk.i18n import _
from safetydesk.services import people_import, records
from safetydesk.services.people_import import PeopleImportRejected, import_people, write_template
from tests.support import dump

STAFF = [["张伟", "男", "校长", "13800000001", "是"], ["刘丽", "女", "班主任", "13800000002", "是"]]
CLASSES = [["一年级1班", "一年级", "2026-2027", "刘丽", 40], ["一年级2班", "一年级", "2026-2027", "张伟", 38]]
STUDENTS = [
    ["王小明", "20260001", "男", "2019-09-01", "一年级1班", "王强", "13900000001"],
    ["李小红", "20260002", "女", date(2019, 5, 3), "一年级2班", "李军", "13900000002"],
    ["赵小刚", 20260003, "男", None, "一年级1班", None, 13900000003],
]


def fill_template(path: Path, staff=STAFF, classes=CLASSES, students=STUDENTS) -> Path:
    write_template(path)
    wb = load_workbook(path)
    for key, rows in (("staff", staff), ("class", classes), ("student", students)):
        ws = wb[people_import.sheet_title(key)]
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def names(workspace, kind: str) -> dict[str, records.RecordData]:
    rows = records.fetch_page(workspace.sessions, records.ListQuery(kind=kind), 0, 1000)
    return {r.values["name"]: r for r in rows}


def test_the_template_round_trips(workspace, tmp_path: Path) -> None:
    path = fill_template(tmp_path / "people.xlsx")
    summary = import_people(workspace.sessions, workspace.actor, path)
    assert summary.counts == {"staff": 2, "class": 2, "student": 3}
    assert summary.changes.kinds == {"staff", "class", "student"}

    staff = names(workspace, "staff")
    assert set(staff) == {"张伟", "刘丽"}  # the example row was skipped
    assert staff["刘丽"].values | {} == {
        "name": "刘丽",
        "gender": "female",
        "position": "班主任",
        "phone": "13800000002",
        "active": True,
    }
    classes = names(workspace, "class")
    assert classes["一年级1班"].values["head_teacher_uuid"] == staff["刘丽"].uuid
    assert classes["一年级2班"].values["student_count"] == 38
    students = names(workspace, "student")
    assert students["王小明"].values["birth_date"] == date(2019, 9, 1)
    assert students["王小明"].values["class_uuid"] == classes["一年级1班"].uuid
    assert students["李小红"].values["birth_date"] == date(2019, 5, 3)
    assert students["赵小刚"].values["student_no"] == "20260003"
    assert students["赵小刚"].values["guardian_phone"] == "13900000003"
    # history says it came from Excel; search finds imported names
    assert records.history(workspace.sessions, "student", students["王小明"].uuid)[0].action == "create"
    found = records.fetch_page(workspace.sessions, records.ListQuery(kind="student", search="小明"), 0, 10)
    assert [r.values["name"] for r in found] == ["王小明"]


def test_the_same_file_twice_is_refused_as_duplicates(workspace, tmp_path: Path) -> None:
    path = fill_template(tmp_path / "people.xlsx")
    import_people(workspace.sessions, workspace.actor, path)
    before = dump(workspace.paths.database)
    with pytest.raises(PeopleImportRejected) as err:
        import_people(workspace.sessions, workspace.actor, path)
    assert any("已存在" in str(p) for p in err.value.problems)
    assert dump(workspace.paths.database) == before


def test_one_bad_row_is_reported_and_nothing_is_imported(workspace, tmp_path: Path) -> None:
    students = [*STUDENTS[:2], ["赵小刚", "20260003", "男", "2019-13-45", "一年级1班", None, None]]
    path = fill_template(tmp_path / "bad.xlsx", students=students)
    before = dump(workspace.paths.database)
    with pytest.raises(PeopleImportRejected) as err:
        import_people(workspace.sessions, workspace.actor, path)
    assert dump(workspace.paths.database) == before
    [problem] = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("学生", 5, "出生日期")  # header, example, 2 rows
    assert "日期" in problem.message
    assert "第 5 行" in err.value.user_message or "5" in err.value.user_message
    assert "没有导入" in err.value.user_message or "未导入" in err.value.user_message


def test_references_choices_and_duplicates_inside_the_file(workspace, tmp_path: Path) -> None:
    staff = [*STAFF, ["刘丽", "女", None, None, None]]
    classes = [["三年级1班", None, None, "孙老师", None]]
    students = [
        ["钱一", "1", "未知", None, "三年级1班", None, None],
        ["孙二", "1", None, None, "五年级9班", None, None],
    ]
    path = fill_template(tmp_path / "bad.xlsx", staff=staff, classes=classes, students=students)
    with pytest.raises(PeopleImportRejected) as err:
        import_people(workspace.sessions, workspace.actor, path)
    where = {(p.sheet, p.row, p.column) for p in err.value.problems}
    assert ("教职工", 5, "姓名") in where  # 刘丽 twice
    assert ("班级", 3, "班主任") in where  # no such teacher
    assert ("学生", 3, "性别") in where  # not 男/女
    assert ("学生", 4, "班级") in where  # no such class
    assert ("学生", 4, "学号") in where  # same number as row 3
    assert names(workspace, "staff") == {}


def test_missing_required_value_and_ten_megabyte_cell(workspace, tmp_path: Path) -> None:
    staff = [[None, "男", "门卫", None, None], ["周" * 10_000_000, None, None, None, None]]
    path = fill_template(tmp_path / "big.xlsx", staff=staff, classes=[], students=[])
    with pytest.raises(PeopleImportRejected) as err:
        import_people(workspace.sessions, workspace.actor, path)
    where = {(p.row, p.column) for p in err.value.problems}
    assert where == {(3, "姓名"), (4, "姓名")}
    assert len(err.value.user_message) < 5000


@pytest.mark.parametrize(
    "content", [b"", b"not a spreadsheet at all", bytes(range(256)) * 100, b"PK\x03\x04" + b"\x00" * 200]
)
def test_a_corrupt_file_is_a_clear_error(workspace, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    before = dump(workspace.paths.database)
    with pytest.raises(SafetyDeskError) as err:
        import_people(workspace.sessions, workspace.actor, path)
    assert "broken.xlsx" in err.value.user_message
    assert "xlsx" in err.value.user_message
    assert dump(workspace.paths.database) == before


def test_a_workbook_without_the_sheets_or_headers(workspace, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(SafetyDeskError) as err:
        import_people(workspace.sessions, workspace.actor, tmp_path / "other.xlsx")
    assert "教职工" in err.value.user_message

    wb = Workbook()
    wb.active.title = "教职工"
    wb.active.append(["性别", "电话"])
    wb.create_sheet("班级")
    wb.save(tmp_path / "headers.xlsx")
    with pytest.raises(PeopleImportRejected) as err2:
        import_people(workspace.sessions, workspace.actor, tmp_path / "headers.xlsx")
    messages = [str(p) for p in err2.value.problems]
    assert any("教职工" in m and "姓名" in m for m in messages)  # required header missing
    assert any("学生" in m for m in messages)  # sheet missing


def test_dry_run_and_english_template(workspace, tmp_path: Path) -> None:
    from safetydesk import i18n

    i18n.set_language("en")
    path = fill_template(
        tmp_path / "en.xlsx", staff=[["Wang Fang", "Female", "Teacher", None, "No"]], classes=[], students=[]
    )
    assert load_workbook(path).sheetnames[:3] == ["Staff", "Classes", "Students"]
    summary = import_people(workspace.sessions, workspace.actor, path, dry_run=True)
    assert summary.counts["staff"] == 1 and names(workspace, "staff") == {}
    i18n.set_language("zh_CN")  # an English template reads in a Chinese UI too
    import_people(workspace.sessions, workspace.actor, path)
    staff = names(workspace, "staff")["Wang Fang"].values
    assert staff["gender"] == "female" and staff["active"] is False
    assert _("Staff") == "教职工"


def test_cancelling_imports_nothing(workspace, tmp_path: Path) -> None:
    class Cancelling:
        cancelled = False

        def report(self, done: int, total: int = 0, text: str = "") -> None:
            if total:
                self.cancelled = True

    students = [[f"学生{i}", f"S{i}", None, None, "一年级1班", None, None] for i in range(500)]
    path = fill_template(tmp_path / "many.xlsx", students=students)
    before = dump(workspace.paths.database)
    with pytest.raises(SafetyDeskError):
        import_people(workspace.sessions, workspace.actor, path, Cancelling())
    assert dump(workspace.paths.database) == before


def test_a_later_file_refers_to_people_already_in_safetydesk(workspace, tmp_path: Path) -> None:
    import_people(workspace.sessions, workspace.actor, fill_template(tmp_path / "first.xlsx", students=[]))
    later = fill_template(
        tmp_path / "later.xlsx",
        staff=[],
        classes=[["二年级1班", "二年级", "2026-2027", "张伟", None]],
        students=[["孙小美", None, "女", "2018-03-08", "一年级2班", None, None]],
    )
    summary = import_people(workspace.sessions, workspace.actor, later)
    assert summary.counts == {"staff": 0, "class": 1, "student": 1}
    staff, classes = names(workspace, "staff"), names(workspace, "class")
    assert classes["二年级1班"].values["head_teacher_uuid"] == staff["张伟"].uuid
    assert names(workspace, "student")["孙小美"].values["class_uuid"] == classes["一年级2班"].uuid


def test_yes_no_cells_must_say_yes_or_no(workspace, tmp_path: Path) -> None:
    path = fill_template(
        tmp_path / "yn.xlsx", staff=[["周明", None, None, None, "也许"]], classes=[], students=[]
    )
    with pytest.raises(PeopleImportRejected) as err:
        import_people(workspace.sessions, workspace.actor, path)
    [problem] = err.value.problems
    assert (
        (problem.row, problem.column) == (3, "在岗") and "是" in problem.message and "否" in problem.message
    )


def test_formatted_but_empty_rows_do_not_count(workspace, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(people_import, "MAX_ROWS", 3)
    path = fill_template(tmp_path / "rows.xlsx", students=[])
    wb = load_workbook(path)
    wb["教职工"].cell(row=500, column=1).number_format = "@"  # a styled, empty cell far below
    wb.save(path)
    assert import_people(workspace.sessions, workspace.actor, path).counts["staff"] == 2
    many = fill_template(
        tmp_path / "many.xlsx",
        staff=[[f"教师{i}", None, None, None, None] for i in range(4)],
        classes=[],
        students=[],
    )
    with pytest.raises(PeopleImportRejected) as err:
        import_people(workspace.sessions, workspace.actor, many)
    assert err.value.problems[-1].row == 6
