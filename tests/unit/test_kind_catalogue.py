"""The navigation's catalogue of record kinds (generated) matches the registry it was made from.

The window shows the navigation before the kinds and their ORM models are loaded, from
src/safetydesk/domain/kind_catalogue.py. A kind added, renamed, retitled or moved to another
mechanism without running scripts/kind_catalogue.py fails here, naming the fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from kind_catalogue import TARGET, render  # noqa: E402

import safetydesk.kinds  # noqa: E402,F401  (registers every kind)
from safetydesk.domain.kind_catalogue import CATALOGUE, kinds_of  # noqa: E402
from safetydesk.domain.registry import all_kinds  # noqa: E402


def test_committed_catalogue_is_current() -> None:
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "domain/kind_catalogue.py is stale: run .venv/bin/python scripts/kind_catalogue.py")


def test_catalogue_lists_every_kind_as_the_registry_does() -> None:
    assert [(k.key, k.title, k.mechanism, k.owner_role, k.sensitive) for k in CATALOGUE] == [
        (k.key, k.title, k.mechanism, k.owner_role, k.sensitive) for k in all_kinds()]
    assert [k.key for k in kinds_of(9)] == ["incident", "incident_report", "incident_response_step"]


def test_a_changed_title_makes_the_catalogue_stale(monkeypatch) -> None:
    from dataclasses import replace

    from safetydesk.domain import registry

    hazard = registry.get_kind("hazard")
    monkeypatch.setitem(registry._KINDS, "hazard", replace(hazard, title="Dangers"))
    assert "N_('Dangers')" in render()
    assert TARGET.read_text(encoding="utf-8") != render()
