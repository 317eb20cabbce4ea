"""Every action the code writes to the audit trail reads as words in the 操作日志 list and its
filter, in Chinese: a raw code such as `county_rules_declined` on screen is a missing label."""

from __future__ import annotations

import ast
from pathlib import Path

import safetydesk
from safetydesk.i18n import _
from safetydesk.services.audit_words import ACTION_LABELS, action_label

SRC = Path(safetydesk.__file__).parent


def _audited_actions() -> set[str]:
    """The action codes of every `audit.append(...)` / `audit.log(...)` call in the source."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "log")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            values = [*node.args[2:3], *(k.value for k in node.keywords if k.arg == "action")]
            found |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return found


def test_every_audited_action_has_a_chinese_label() -> None:
    actions = _audited_actions()
    assert {"county_rules_declined", "county_set", "login"} <= actions  # the scan finds them
    assert sorted(actions - set(ACTION_LABELS)) == []
    for code in actions:
        label = action_label(code)
        assert label != code and label != ACTION_LABELS[code], (code, label)
        assert _(ACTION_LABELS[code]) == label
