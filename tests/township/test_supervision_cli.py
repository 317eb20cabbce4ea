"""`safetydesk supervision ...` at both ends (contract): issue from a JSON file, answer, send back
with a reason, list and show as JSON, escalate an overdue notice; a bad file or a refused step
exits 1 with the reason and changes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from safetydesk.cli import main
from safetydesk.services import records
from tests.support import dump
from tests.sync.conftest import SCHOOL_CODE, TOWNSHIP_CODE
from tests.township.network import actor, carry


def cli(capsys, root: Path, *argv: str) -> tuple[int, object, str]:
    code = main(["--data-dir", str(root), "supervision", *argv])
    out = capsys.readouterr()
    try:
        data = json.loads(out.out) if out.out.strip().startswith(("{", "[")) else out.out
    except json.JSONDecodeError:
        data = out.out
    return code, data, out.err


def test_the_loop_from_the_command_line(pair, capsys, moving_clock, tmp_path: Path) -> None:
    town, school = pair.township.paths.root, pair.school.paths.root
    hazard = records.save(pair.school.sessions, actor(SCHOOL_CODE), "hazard", {
        "category": "fire", "description": "灭火器过期", "found_on": date(2026, 11, 2), "location": "二楼",
        "grade": "general"}).uuid  # fmt: skip
    carry(pair, pair.school, pair.township)

    notice_file = tmp_path / "notice.json"
    notice_file.write_text(json.dumps({
        "school_code": SCHOOL_CODE, "doc_number": "城关中心校安〔2026〕7号", "deadline": "2026年11月22日",
        "issued_by": "城关镇中心校", "items": [
            {"problem": "灭火器过期", "basis": "《消防法》", "requirement": "立即更换", "hazard": hazard},
            {"problem": "疏散图缺失", "requirement": "张贴疏散图"}]}, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    code, notice, err = cli(capsys, town, "issue", str(notice_file), "--json")
    assert code == 0, err
    assert notice["state"] == "open" and notice["school"] == {"code": SCHOOL_CODE, "name": "第一小学"}
    assert [i["number"] for i in notice["items"]] == [1, 2] and notice["items"][0]["hazard_uuid"] == hazard
    carry(pair, pair.township, pair.school, SCHOOL_CODE)

    reply_file = tmp_path / "reply.json"
    reply_file.write_text(json.dumps({"answers": [
        {"item": 1, "measures": "已更换灭火器", "completion": "done", "done_on": "2026-11-20"},
        {"item": 2, "measures": "疏散图已订制", "completion": "in_progress"}]}, ensure_ascii=False))  # fmt: skip
    code, answered, err = cli(capsys, school, "reply", notice["uuid"], str(reply_file), "--json")
    assert code == 0, err
    assert answered["state"] == "answered"
    assert [a["measures"] for a in answered["replies"][0]["answers"]] == ["已更换灭火器", "疏散图已订制"]
    carry(pair, pair.school, pair.township)

    reply = answered["replies"][0]["uuid"]
    before = dump(pair.township.paths.database)
    code, _out, err = cli(capsys, town, "review", reply)  # accept or send back: one is required
    assert code == 2
    code, _out, err = cli(capsys, town, "escalate", notice["uuid"])  # answered: nothing to escalate
    assert code == 1 and "逾期" in err
    assert dump(pair.township.paths.database) == before
    code, sent_back, err = cli(capsys, town, "review", reply, "--send-back", "疏散图未张贴", "--json")
    assert code == 0, err
    assert sent_back["state"] == "sent_back" and sent_back["replies"][0]["review"]["reason"] == "疏散图未张贴"

    moving_clock.set(moving_clock.current + timedelta(days=3))  # past the deadline, sent back
    code, listed, _err = cli(capsys, town, "list", "--school", SCHOOL_CODE, "--json")
    assert [(n["uuid"], n["state"], n["overdue"]) for n in listed] == [(notice["uuid"], "sent_back", True)]
    code, order, err = cli(capsys, town, "escalate", notice["uuid"], "--deadline", "2026-11-30", "--json")
    assert code == 0, err
    assert order["notice_type"] == "supervision_order" and order["escalates_uuid"] == notice["uuid"]
    assert order["deadline"] == "2026-11-30"
    code, listed, _err = cli(capsys, town, "list", "--state", "escalated", "--json")
    assert [n["uuid"] for n in listed] == [notice["uuid"]]
    code, text, _err = cli(capsys, town, "list")
    assert "已督办" in text and "未回复" in text and "共 2 份通知书" in text

    # at the school: the escalated notice is answered through its order; a bad file or step is
    # refused with the reason, exit 1, nothing changed
    carry(pair, pair.township, pair.school, SCHOOL_CODE)
    before = dump(pair.school.paths.database)
    code, _out, err = cli(capsys, school, "reply", notice["uuid"], str(reply_file))
    assert code == 1 and "督办单" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _out, err = cli(capsys, school, "reply", order["uuid"], str(bad))
    assert code == 1 and "JSON" in err
    bad.write_text(json.dumps({"answers": [{"item": 1, "measures": "x"}]}), encoding="utf-8")
    code, _out, err = cli(capsys, school, "reply", order["uuid"], str(bad))
    assert code == 1 and "第 2 条" in err  # every item is answered
    code, _out, err = cli(capsys, school, "issue", str(notice_file))
    assert code == 1 and "乡镇中心校" in err
    assert dump(pair.school.paths.database) == before
    code, done, err = cli(capsys, school, "reply", order["uuid"], str(reply_file), "--json")
    assert code == 0 and done["state"] == "answered", err
    code, shown, _err = cli(capsys, school, "show", notice["uuid"], "--json")
    assert shown["state"] == "escalated" and shown["escalated_by"] == order["uuid"]
    assert shown["school"]["code"] == SCHOOL_CODE and TOWNSHIP_CODE not in shown["school"].values()
