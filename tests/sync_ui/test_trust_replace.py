"""Replacing a trusted key through the trust dialog (issue 11.7 with issue 13.3): the clerk sees the
old and the new fingerprint and is asked twice; saying no at either question trusts nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetydesk.paths import DataPaths
from safetydesk.services import sync_status as sync
from safetydesk.services.installation import SCHOOL, InitRequest, initialise
from safetydesk.services.storage import open_storage
from safetydesk.sync import identity
from safetydesk.ui import messages
from safetydesk.ui.extensions.sync import open_trust
from safetydesk.ui.main_window import MainWindow
from tests.db_thread import allow_test_db_access
from tests.sync_ui.conftest import SCHOOL_CODE, TOWNSHIP_CODE, Sites

WAIT = 20_000


def _identity_of(root: Path, tmp_path: Path, name: str) -> tuple[Path, str]:
    storage = open_storage(DataPaths(root))
    try:
        ident, keys = identity.own_identity(storage.paths, storage.sessions)
    finally:
        storage.close()
    f = tmp_path / name
    f.write_bytes(identity.identity_bytes(ident, keys))
    return f, ident.fingerprint


def _reinstalled_school(tmp_path: Path) -> Path:
    root = tmp_path / "school-reinstalled"
    initialise(
        DataPaths(root),
        InitRequest(role=SCHOOL, code=SCHOOL_CODE, name="第一小学", township_code=TOWNSHIP_CODE),
    ).close()
    return root


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list:
    """The questions the dialog asks, and the answers the clerk gives (popped in order)."""
    asked: list = []

    def confirm(_parent, text: str, title: str | None = None) -> bool:
        asked.append(text)
        return asked_answers.pop(0)

    asked_answers: list[bool] = []
    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "show_error", lambda _p, exc: asked.append(exc))
    return [asked, asked_answers]


def _fingerprint_of(sessions) -> str:
    with allow_test_db_access():  # the test's own check, not a widget's read
        return next(p.fingerprint for p in sync.trusted_peers(sessions) if p.org_code == SCHOOL_CODE)


def test_replacing_a_key_shows_both_fingerprints_and_asks_twice(
    qtbot, windows: list, sites: Sites, answers, tmp_path: Path
) -> None:
    asked, replies = answers
    first, old_digits = _identity_of(sites.root / "school", tmp_path, "old.json")
    identity.trust_peer(sites.township.sessions, first, old_digits, "clerk")
    second, new_digits = _identity_of(_reinstalled_school(tmp_path), tmp_path, "new.json")

    window = MainWindow(sites.township)
    windows.append(window)
    dialog = open_trust(window)
    dialog.load_file(second)
    qtbot.waitUntil(lambda: dialog.identity is not None and dialog.replacing is not None, timeout=WAIT)
    shown = dialog.replace_note.text()
    assert old_digits in shown and new_digits in shown
    dialog.entry.setText(new_digits)

    replies[:] = [True, False]  # yes, then no at the second question
    dialog.confirm()
    assert len(asked) == 2 and all(isinstance(q, str) for q in asked)
    assert old_digits in asked[0] + asked[1] and new_digits in asked[0] + asked[1]
    window.runner.wait_done(WAIT)
    assert dialog.result_ is None
    assert _fingerprint_of(sites.township.sessions) == old_digits

    asked.clear()
    replies[:] = [True, True]
    with qtbot.waitSignal(dialog.trusted, timeout=WAIT):
        dialog.confirm()
    assert len(asked) == 2
    assert dialog.result_.replaced_key
    assert _fingerprint_of(sites.township.sessions) == new_digits


def test_a_first_trust_asks_nothing_more(qtbot, windows: list, sites: Sites, answers, tmp_path: Path) -> None:
    asked, _replies = answers
    first, digits = _identity_of(sites.root / "school", tmp_path, "s.json")
    window = MainWindow(sites.township)
    windows.append(window)
    dialog = open_trust(window)
    dialog.load_file(first)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    window.runner.wait_done(WAIT)
    assert dialog.replacing is None and not dialog.replace_note.isVisible()
    dialog.entry.setText(digits)
    with qtbot.waitSignal(dialog.trusted, timeout=WAIT):
        dialog.confirm()
    assert asked == []
