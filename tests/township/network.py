"""A township and several of its schools, each a real installation in a tmp folder: schools
enrolled with real identity files (the digits confirmed), packages really exported (signed,
encrypted) and imported through the normal importer, a clock that moves only when told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safetydesk.cli import main
from safetydesk.domain import clock
from safetydesk.services.changes import Actor
from safetydesk.services.installation import SCHOOL, InitRequest
from safetydesk.services.storage import Storage
from safetydesk.sync import identity
from safetydesk.sync.export import export_package
from safetydesk.sync.importer import import_package
from tests.sync.conftest import TOWNSHIP_CODE, Pair, _init

_clock: clock.MovableClock | None = None


def clock_step(minutes: float = 7) -> None:
    assert _clock is not None
    _clock.advance(minutes=minutes)


@pytest.fixture
def moving_clock():
    from datetime import datetime

    from safetydesk.i18n import LOCAL_TZ

    global _clock
    with clock.moved_to(datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)) as c:
        _clock = c
        yield c
    _clock = None


def enrol(pair: Pair, code: str, name: str, school_type: str = "primary") -> Storage:
    """Another school of the same township; each side trusts the other after reading the digits."""
    school = _init(pair.root / code, InitRequest(role=SCHOOL, code=code, name=name, township_code=TOWNSHIP_CODE,
                                                 township_name="城关镇", school_type=school_type))
    for a, b in ((school, pair.township), (pair.township, school)):
        ident, keys = identity.own_identity(a.paths, a.sessions)
        f = pair.root / f"{ident.org_code}-{b.paths.root.name}.identity.json"
        f.write_bytes(identity.identity_bytes(ident, keys))
        identity.trust_peer(b.sessions, f, ident.fingerprint, "tester")
    return school


def carry(pair: Pair, source: Storage, target: Storage, to: str | None = None, *, lost: bool = False) -> None:
    """Export the next package from `source` and (unless the stick is lost) import it at `target`."""
    pair.seq_files += 1
    out = pair.root / f"p{pair.seq_files:03d}.sdpkg"
    export_package(source, to, out, "tester")
    clock_step()
    if not lost:
        result = import_package(target, out, "tester")
        assert result.status == "imported", result.message
    clock_step()


def actor(code: str, role: str = "admin") -> Actor:
    return Actor("admin", code, role)


def status_json(capsys, root: Path, as_of: str, *extra: str) -> object:
    assert main(["--data-dir", str(root), "status", "--json", "--as-of", as_of, *extra]) == 0
    return json.loads(capsys.readouterr().out)
