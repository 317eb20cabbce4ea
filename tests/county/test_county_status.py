"""Issue 16, done when: "three schools → two townships → one county; the county's status rows for
every school equal each school's own `status --json`" (plus the township's code), through real
packages; `--township` narrows the list; the plain output reads as Chinese."""

from __future__ import annotations

import json
from datetime import date

from safetydesk.cli import main
from safetydesk.domain import clock
from tests.county.network import S1, S2, S3, SCHOOLS, T1, T2
from tests.county.records import incident, major_hazard


def _json(capsys, root, *args: str) -> object:
    capsys.readouterr()
    assert main(["--data-dir", str(root), "status", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_county_status_of_every_school_equals_the_schools_own(net, moving_clock, capsys) -> None:
    major_hazard(net.schools[S1], S1, deadline=date(2026, 11, 10))  # overdue: red at every level
    incident(net.schools[S3], S3, "larger")
    incident(net.schools[S2], S2, "general")
    net.round()
    net.round()  # the schools' receipts came back, so their own last_package equals the township's
    roots = {code: net.schools[code].paths.root for code in SCHOOLS}
    county_root = net.county.paths.root
    today = clock.today().isoformat()
    net.close()
    own = {code: _json(capsys, root, "--as-of", today) for code, root in roots.items()}
    county = _json(capsys, county_root)
    assert [row["school"]["code"] for row in county] == [S1, S2, S3]
    for row in county:
        code = row["school"]["code"]
        assert row == {**own[code], "township_code": SCHOOLS[code][0]}
        assert row["daily_logs"] is not None  # the school's facilities travelled up with its packages
    assert own[S1]["hazards"]["overdue"] == 1 and own[S3]["incidents"]["total"] == 1
    assert [r["school"]["code"] for r in _json(capsys, county_root, "--township", T2)] == [S3]
    assert [r["school"]["code"] for r in _json(capsys, county_root, "--township", T1)] == [S1, S2]
    assert [r["school"]["code"] for r in _json(capsys, county_root, "--school", S2)] == [S2]
    # a township the county does not trust, and --township at a township: a message, exit 1
    assert main(["--data-dir", str(county_root), "status", "--township", "410599T09"]) == 1
    assert "410599T09" in capsys.readouterr().err
    assert main(["--data-dir", str(roots[S1]), "status", "--township", T1]) == 1
    assert "县教育局" in capsys.readouterr().err
    # people read it in Chinese, township by township
    assert main(["--data-dir", str(county_root), "status"]) == 0
    out = capsys.readouterr().out
    assert "乡镇中心校 410522T01" in out and "第一小学" in out and "白壁中学" in out
    assert out.index("410522T01") < out.index("410522T02")
