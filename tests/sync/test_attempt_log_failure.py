"""A replayed package with different content is an alarm. When the import log itself cannot be
written (here a trigger refuses every new import_attempt row, as a full disk or a damaged table
would), the officer still gets the rejection with its alarm, and the lost log row is not silent:
the application log holds the error with the package, the code and the alarm."""

from __future__ import annotations

import logging
import sqlite3

from .craft import craft, jsonl, row


def test_a_replay_alarm_survives_an_import_log_that_cannot_be_written(pair, caplog) -> None:
    first = pair.root / "a.sdpkg"
    first.write_bytes(craft(pair, seq=5, tables={"staff": jsonl(row(name="甲"))}))
    assert pair.imp(first).status == "imported"
    conn = sqlite3.connect(pair.township.paths.database)
    try:
        conn.execute("CREATE TRIGGER refuse_attempts BEFORE INSERT ON import_attempt "
                     "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        conn.commit()
    finally:
        conn.close()
    second = pair.root / "b.sdpkg"
    second.write_bytes(craft(pair, seq=5, tables={"staff": jsonl(row(name="乙"))}))

    with caplog.at_level(logging.ERROR, logger="safetydesk.sync.importer"):
        r = pair.imp(second)

    assert (r.status, r.code, r.alarm) == ("rejected", "replay_conflict", True)
    assert r.message
    logged = [x for x in caplog.records if x.name == "safetydesk.sync.importer"]
    assert len(logged) == 1, logged
    assert logged[0].exc_info is not None  # the traceback of the failed write
    text = logged[0].getMessage()
    assert "b.sdpkg" in text and "replay_conflict" in text and "alarm" in text
