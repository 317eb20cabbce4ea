"""The one translation choke point.

Source strings are English. `_()` translates now (and fills `{placeholders}`); `N_()` only marks a
string for extraction (registry labels, choice titles) and is translated with `_()` where it is
shown. Catalogues are gettext .po files under resources/i18n/<lang>/, compiled into one .mo per
language by scripts/compile_translations.py (tests check the .mo is current and complete).
Simplified Chinese is the default UI language.
"""

from __future__ import annotations

import gettext
import os
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
DOMAIN = "safetydesk"
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

_current = DEFAULT_LANGUAGE
_catalog: gettext.NullTranslations = gettext.NullTranslations()


def _load(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    from safetydesk.resources import resource

    localedir = resource("i18n")
    try:
        return gettext.translation(DOMAIN, localedir=str(localedir), languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Switch the process's UI language; unknown languages are a usage error raised by the caller."""
    global _current, _catalog
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang
    _catalog = _load(lang)


def current_language() -> str:
    return _current


def language_from_env() -> str:
    lang = os.environ.get("SAFETYDESK_LANG", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _(message: str, /, **values: object) -> str:
    """Translate `message`; when `values` are given, fill its `{placeholders}`."""
    text = _catalog.gettext(message) if message else message
    return text.format(**values) if values else text


def N_(message: str, /) -> str:
    """Mark `message` for translation without translating it (translated later with `_()`)."""
    return message


# --- dates and times as the UI language writes them -------------------------------------------

def local(dt: datetime) -> datetime:
    """A stored UTC time in China Standard Time (naive times are taken as UTC)."""
    if dt.tzinfo is None:
        from datetime import UTC

        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(LOCAL_TZ)


def format_date(d: date | datetime | None) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = local(d).date()
    if _current == "zh_CN":
        return f"{d.year}年{d.month}月{d.day}日"
    return d.isoformat()


def format_datetime(dt: datetime | None) -> str:
    if dt is None:
        return ""
    lt = local(dt)
    if _current == "zh_CN":
        return f"{lt.year}年{lt.month}月{lt.day}日 {lt:%H:%M}"
    return f"{lt:%Y-%m-%d %H:%M}"


# The forms a date is typed in: 2026-12-01, 2026/12/1, 2026.12.1, 20261201, 2026年12月1日, and
# 12月1日 or 12-1 (this year). Full-width digits and separators are accepted as an input method
# may give them.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MD = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(text: str, today: date) -> date | None:
    """The date a person typed, in any form Chinese users write one (see above); None when the
    text is not a date. A date without a year is in `today`'s year. Pure; any thread."""
    t = text.strip().translate(_FULL_WIDTH)
    for pattern, with_year in ((_YMD, True), (_COMPACT, True), (_MD, False)):
        m = pattern.fullmatch(t)
        if m is None:
            continue
        numbers = [int(g) for g in m.groups()]
        year, month, day = numbers if with_year else [today.year, *numbers]
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def edit_date(d: date) -> str:
    """A date as the date editors show it, in every language (typed back, it parses)."""
    return d.isoformat()


_catalog = _load(_current)
