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


_catalog = _load(_current)
