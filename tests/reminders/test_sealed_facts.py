"""The rules that remind read what is sealed at rest opened (issue 13 x issue 17): a bullying
case's status is sealed in a protected installation (services/field_crypto.py), so the 10-day
rule must read it opened, or a case already handled would stay red on the dashboard."""

from __future__ import annotations

import sqlite3
from datetime import date

from safetydesk.domain.compliance import State
from safetydesk.services import accounts, field_crypto
from tests.reminders.helpers import on, save, states, update
from tests.support import PASSWORD


def test_a_handled_bullying_case_is_silent_in_a_protected_installation(workspace):
    assert accounts.login(workspace.sessions, workspace.info.org_code, "admin", PASSWORD).recovery_code
    with on(date(2026, 11, 2)):
        uuid = save(workspace, "bullying_case", {"found_on": date(2026, 11, 2), "students_involved": "学生甲、学生乙",
                                                 "behaviour": "insult", "investigation_start": date(2026, 11, 2)})
    assert states(workspace, "bullying_investigation", date(2026, 11, 13)) == [State.OVERDUE]
    with on(date(2026, 11, 10)):
        update(workspace, "bullying_case", uuid, status="handled")
    conn = sqlite3.connect(workspace.paths.database)
    try:
        (stored,) = conn.execute("SELECT status FROM bullying_case WHERE uuid = ?", (uuid,)).fetchone()
    finally:
        conn.close()
    assert field_crypto.is_sealed(stored)  # the premise: the status is not readable in the file
    assert states(workspace, "bullying_investigation", date(2026, 11, 13)) == []
