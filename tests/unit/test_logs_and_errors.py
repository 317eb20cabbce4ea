"""Bugs go to a rotating log file in the data folder; expected errors carry the user's message."""

from __future__ import annotations

import logging
from pathlib import Path

from safetydesk.errors import PackageRejected, SafetyDeskError, ValidationError
from safetydesk.logs import LOG_NAME, setup_file_logging


def test_traceback_lands_in_the_log_file(tmp_path: Path) -> None:
    path = setup_file_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / LOG_NAME
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("safetydesk.test").exception("unexpected error")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "RuntimeError: boom" in text and "Traceback" in text
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", "") == str(path):
            root.removeHandler(handler)
            handler.close()


def test_error_family_carries_messages() -> None:
    err = ValidationError("请修改", {"name": "姓名为必填项。"})
    assert isinstance(err, SafetyDeskError) and err.field_errors["name"] == "姓名为必填项。"
    rejected = PackageRejected("bad_signature", "签名不对")
    assert rejected.code == "bad_signature" and rejected.user_message == "签名不对"
    assert rejected.exit_code == 1
