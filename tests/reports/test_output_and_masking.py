"""Safe report writing, name/phone masking and line breaking: the small pieces every form uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safetydesk import i18n
from safetydesk.errors import SafetyDeskError
from safetydesk.reports import atomic_output, mask_id_number, mask_name, mask_phone, wrap_text
from safetydesk.reports.fonts import string_width
from tests.reports.ledger_data import leftovers


def test_a_report_appears_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    with atomic_output(out) as tmp:
        assert tmp.parent == tmp_path and tmp != out
        tmp.write_bytes(b"half")
        assert not out.exists()
        tmp.write_bytes(b"whole report")
    assert out.read_bytes() == b"whole report"
    assert leftovers(tmp_path) == ["report.pdf"]


def test_a_failure_removes_the_temporary_file_and_keeps_the_old_report(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(out) as tmp:
        tmp.write_bytes(b"new but broken")
        raise RuntimeError("renderer bug")
    assert out.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["report.pdf"]


def test_a_disk_error_while_writing_becomes_a_user_message(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    with pytest.raises(SafetyDeskError) as caught, atomic_output(out):
        raise OSError(28, "No space left on device")
    assert str(out) in caught.value.user_message
    assert leftovers(tmp_path) == []


def test_the_file_is_created_with_normal_permissions(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX permission bits")
    out = tmp_path / "report.pdf"
    with atomic_output(out) as tmp:
        tmp.write_bytes(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_error_messages_follow_the_ui_language(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "report.pdf"
    i18n.set_language("en")
    with pytest.raises(SafetyDeskError) as caught, atomic_output(out):
        pass
    assert caught.value.user_message == (
        f"Cannot write {out}: the folder does not exist. Choose another folder."
    )
    i18n.set_language("zh_CN")
    with pytest.raises(SafetyDeskError) as caught, atomic_output(tmp_path):
        pass
    assert caught.value.user_message == f"无法写入 {tmp_path}：这是一个文件夹，请输入文件名。"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(SafetyDeskError) as caught, atomic_output(folder / "r.pdf"):
            pass
        assert "没有写入权限" in caught.value.user_message
        assert leftovers(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧**娜"),
        ("王小明", "王*明"),
        (" 李四 ", "李*"),
        ("阿依古丽·买买提", "阿***·**提"),
        ("张", "张"),
        ("", ""),
        (None, ""),
    ],
)
def test_names_are_masked(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("12345", "***45"),
        ("", ""),
        (None, ""),
    ],
)
def test_phones_are_masked(phone: str | None, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_id_numbers_are_masked() -> None:
    assert mask_id_number("410522200801011234") == "410522********1234"


@pytest.mark.parametrize(
    "text",
    [
        "教学楼二楼东侧消防通道堆放杂物，影响疏散，需立即清理并设置警示标志。",
        "Fire extinguisher expired on the second floor of the teaching building",
        "围墙局部开裂（约2米），存在倒塌风险；已设置警戒线。Emergency light not working.",
        "x" * 200,
    ],
)
def test_lines_fit_their_column_and_lose_no_text(text: str) -> None:
    width = 80.0
    lines = wrap_text(text, width, 9)
    assert len(lines) > 1
    assert all(string_width(line, 9) <= width + 0.01 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[:1] in "，。；）" for line in lines)  # 禁则: no line starts with closing marks


def test_short_text_and_line_breaks_are_kept() -> None:
    assert wrap_text("灭火器过期", 200, 9) == ["灭火器过期"]
    assert wrap_text("第一行\r\n第二行", 200, 9) == ["第一行", "第二行"]


def test_reports_import_neither_qt_nor_the_database() -> None:
    """reports/ receives plain data: importing it loads no Qt, SQLAlchemy, models or UI."""
    import subprocess
    import sys

    code = (
        "import sys, safetydesk.reports\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')"
        " or m.startswith(('safetydesk.models', 'safetydesk.ui')))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
