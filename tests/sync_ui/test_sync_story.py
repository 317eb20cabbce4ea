"""A school and its township exchange packages through the GUI, the way the two clerks would.

The school clerk shows the identity, the township clerk opens the identity file and types the
digits heard on the phone (a wrong digit trusts nothing); the school exports three packages, the
second stick is lost, the township imports the first and the third: its page shows the school's
last package and number 2 missing, highlighted. The township's package down carries the receipt:
the school's page then shows "delivered, imported at …".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from safetydesk.services import records
from safetydesk.services import sync_status as sync
from safetydesk.ui.dialogs.sync import ExportDialog, IdentityDialog, ImportDialog, TrustDialog
from safetydesk.ui.extensions.sync import open_export, open_identity, open_import, open_trust
from safetydesk.ui.main_window import MainWindow, Place
from tests.db_thread import allow_test_db_access
from tests.sync_ui.conftest import SCHOOL_CODE, TOWNSHIP_CODE, Sites

WAIT = 20_000


def _window(windows: list, workspace) -> MainWindow:
    window = MainWindow(workspace)
    windows.append(window)
    return window


def _identity_file(qtbot, window: MainWindow, folder: Path) -> tuple[Path, str]:
    """The clerk opens 'This installation's identity…' and saves the file for the other side."""
    dialog = open_identity(window)
    assert isinstance(dialog, IdentityDialog)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    assert len(dialog.digits.text().split()) == 6
    target = folder / sync.identity_file_name(window.workspace.info.org_code)
    dialog.save_to(target)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=WAIT)
    assert "身份文件" in dialog.status.text()
    return target, dialog.identity.fingerprint


def _trust(qtbot, window: MainWindow, file: Path, digits: str) -> TrustDialog:
    dialog = open_trust(window)
    assert isinstance(dialog, TrustDialog)
    dialog.load_file(file)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    dialog.entry.setText(digits)
    assert dialog.trust_button.isEnabled()
    with qtbot.waitSignal(dialog.runner.busy_changed, timeout=WAIT, check_params_cb=lambda busy: not busy):
        dialog.confirm()
    return dialog


def _export(qtbot, window: MainWindow, folder: Path) -> ExportDialog:
    dialog = open_export(window)
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=WAIT)
    default = Path(dialog.path.text())
    dialog.set_path(folder / default.name)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=WAIT)
    return dialog


def _import(qtbot, window: MainWindow, files: list[Path], preview: bool = False) -> ImportDialog:
    dialog = open_import(window)
    assert isinstance(dialog, ImportDialog)
    dialog.add_files(files)
    dialog.preview.setChecked(preview)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=WAIT)
    return dialog


def _peers(sessions):  # the test's own checks read inside the allowance
    with allow_test_db_access():
        return sync.trusted_peers(sessions)


def _status(sessions):
    with allow_test_db_access():
        return sync.load_status(sessions)


def _add_staff(window: MainWindow, name: str) -> None:
    ws = window.workspace
    with allow_test_db_access():  # set-up by the test, not a widget
        records.save(ws.sessions, ws.actor, "staff", {"name": name, "position": "安全员"})


def test_school_and_township_enroll_exchange_and_see_the_missing_package(
    qtbot, windows: list, sites: Sites, errors: list[BaseException], tmp_path: Path
) -> None:
    school, township = _window(windows, sites.school), _window(windows, sites.township)
    stick = tmp_path / "usb"
    stick.mkdir()

    # Enrollment: the school's identity file reaches the township; a misheard digit trusts nothing.
    school_file, school_digits = _identity_file(qtbot, school, stick)
    wrong = school_digits[:-1] + ("0" if school_digits[-1] != "0" else "1")
    dialog = _trust(qtbot, township, school_file, wrong)
    assert dialog.result_ is None
    assert "不一致" in dialog.status.text() or "不匹配" in dialog.status.text()
    assert "6" in dialog.status.text()  # the group that differs is named
    assert _peers(sites.township.sessions) == []
    dialog = _trust(qtbot, township, school_file, school_digits.replace(" ", ""))
    assert dialog.result_ is not None and dialog.result_.org_code == SCHOOL_CODE
    assert [p.org_code for p in _peers(sites.township.sessions)] == [SCHOOL_CODE]

    township_file, township_digits = _identity_file(qtbot, township, stick)
    _trust(qtbot, school, township_file, township_digits)
    assert [p.org_code for p in _peers(sites.school.sessions)] == [TOWNSHIP_CODE]

    # Three packages from the school; the stick with number 2 is lost.
    _add_staff(school, "张老师")
    first = _export(qtbot, school, stick)
    summary = first.summary.text()
    assert "已导出第 1 号数据包" in summary and "请将文件拷贝到U盘交给中心校" in summary
    assert "教职工" in summary or "员工" in summary
    assert first.result_.path.name == f"{SCHOOL_CODE}_to_{TOWNSHIP_CODE}_000001.sdpkg"
    _add_staff(school, "李老师")
    second = _export(qtbot, school, stick)
    _add_staff(school, "王老师")
    third = _export(qtbot, school, stick)
    assert third.result_.seq == 3
    second.result_.path.unlink()

    # A preview changes nothing; then the real import.
    preview = _import(qtbot, township, [first.result_.path], preview=True)
    assert "未作任何更改" in preview.report.toPlainText()
    assert _status(sites.township.sessions).schools[0].last_seq is None

    page = township.show_page("sync")
    done = _import(qtbot, township, [first.result_.path, third.result_.path])
    text = done.report.toPlainText()
    assert "2 个已导入" in text
    assert "缺少第 2 号数据包" in text
    qtbot.waitUntil(lambda: page.status is not None and page.status.schools[0].last_seq == 3, timeout=WAIT)
    table = page.schools
    assert table.item(0, 0).text() == SCHOOL_CODE
    assert table.item(0, 2).text() == "3"
    assert table.item(0, 3).text().startswith("20")  # the signing time, as 2026年…
    missing = table.item(0, 5)
    assert missing.text() == "2"
    assert missing.background().color() == QColor("#ffebee")

    # The same file again is harmless.
    again = _import(qtbot, township, [third.result_.path])
    assert "已导入过" in again.report.toPlainText()
    assert not errors

    # The township's package down carries the receipt: the school sees its packages delivered.
    down = _export(qtbot, township, stick)
    assert "请将文件拷贝到U盘交给学校" in down.summary.text()
    school_page = school.show_page("sync")
    receipt = _import(qtbot, school, [down.result_.path])
    assert "对方确认已导入您的第 1、3 号数据包" in receipt.report.toPlainText()
    qtbot.waitUntil(
        lambda: school_page.status is not None and any(p.delivered_at for p in school_page.status.sent),
        timeout=WAIT,
    )
    states = {
        school_page.sent.item(r, 0).text(): school_page.sent.item(r, 4).text()
        for r in range(school_page.sent.rowCount())
    }
    assert states["1"].startswith("已送达") and states["3"].startswith("已送达")
    assert "未收到" in states["2"]  # the lost stick: its records went again with package 3
    assert not errors


def test_a_package_from_an_untrusted_school_is_rejected_with_what_to_do(
    qtbot, windows: list, sites: Sites, errors: list[BaseException], tmp_path: Path
) -> None:
    junk = tmp_path / "random.sdpkg"
    junk.write_bytes(b"not a package at all")
    township = _window(windows, sites.township)
    dialog = _import(qtbot, township, [junk])
    text = dialog.report.toPlainText()
    assert "拒收" in text and "not_a_package" in text
    page = township.show_page("sync")
    qtbot.waitUntil(lambda: page.status is not None and bool(page.status.attempts), timeout=WAIT)
    assert page.attempts.item(0, 4).text().endswith("拒收") or "拒收" in page.attempts.item(0, 4).text()
    assert not errors


def test_the_file_menu_offers_the_exchange_actions_before_exit(windows: list, sites: Sites) -> None:
    window = _window(windows, sites.school)
    names = [a.objectName() for a in window.menu(Place.FILE).actions()]
    names = names[: names.index("quit")]
    for name in ("sync-export", "sync-import", "sync-trust", "sync-identity"):
        assert name in names


def test_each_side_names_whom_it_trusts_and_sends_to(windows: list, sites: Sites) -> None:
    """A school deals with its township only; a township with its schools and its county bureau."""
    for site, trust, export in (
        (sites.school, "信任中心校…", "导出给中心校的数据包…"),
        (sites.township, "信任学校或县教育局…", "导出给学校或县教育局的数据包…"),
    ):
        window = _window(windows, site)
        texts = {a.objectName(): a.text() for a in window.menu(Place.FILE).actions()}
        assert (texts["sync-trust"], texts["sync-export"]) == (trust, export)


def test_cancelling_an_import_batch_keeps_the_files_done_and_lists_the_rest(
    sites: Sites, tmp_path: Path
) -> None:
    class CancelAfterFirst:
        def __init__(self) -> None:
            self.reports = 0

        def report(self, done: int, total: int = 0, text: str = "") -> None:
            self.reports += 1

        @property
        def cancelled(self) -> bool:
            return self.reports >= 1

    files = []
    for name in ("a.sdpkg", "b.sdpkg"):
        f = tmp_path / name
        f.write_bytes(b"junk")
        files.append(str(f))
    batch = sync.import_files(sites.township.storage, files, "tester", progress=CancelAfterFirst())
    assert [r.status for r in batch.results] == ["rejected"]
    assert batch.not_done == [files[1]]
    assert batch.rejected == 1 and batch.changes.kinds == frozenset()
