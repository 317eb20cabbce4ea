"""Every user-visible string has a Chinese translation, with the same placeholders."""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import i18n_tools  # noqa: E402
from compile_translations import I18N, merged_catalog  # noqa: E402

from safetydesk import i18n  # noqa: E402


def test_every_string_has_a_chinese_translation() -> None:
    problems = i18n_tools.problems("zh_CN")
    assert problems == [], "\n".join(problems[:40])


def test_compiled_catalogue_is_current() -> None:
    """The committed .mo holds exactly what the .po fragments say (run compile_translations.py)."""
    merged = {m.id: m.string for m in merged_catalog(I18N / "zh_CN") if m.id}
    with (I18N / "zh_CN" / "LC_MESSAGES" / "safetydesk.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    compiled = {k: v for k, v in compiled.items() if k}
    assert compiled == merged


def test_placeholder_check_catches_a_broken_translation() -> None:
    assert i18n_tools.placeholders("{n} records") == {"n"}
    assert i18n_tools.placeholders("{n} 条记录") == i18n_tools.placeholders("{n} records")
    assert i18n_tools.placeholders("{count} 条记录") != i18n_tools.placeholders("{n} records")


def test_switching_language() -> None:
    i18n.set_language("en")
    assert i18n._("Dashboard") == "Dashboard"
    assert i18n.format_date(__import__("datetime").date(2026, 9, 1)) == "2026-09-01"
    i18n.set_language("zh_CN")
    assert i18n._("Dashboard") == "工作台"
    assert i18n.format_date(__import__("datetime").date(2026, 9, 1)) == "2026年9月1日"
