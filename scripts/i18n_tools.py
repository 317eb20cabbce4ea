"""Translation checks shared by the test suite and by developers.

    .venv/bin/python scripts/i18n_tools.py           # list strings without a Chinese translation
    .venv/bin/python scripts/i18n_tools.py --po      # the same, as .po entries to paste and fill
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_translations import I18N, ROOT, merged_catalog

KEYWORDS = {"_": None, "N_": None}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def source_messages() -> dict[str, list[str]]:
    """Every string passed to _() or N_() in src/, with where it stands."""
    found: dict[str, list[str]] = {}
    src = ROOT / "src"
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        str(src), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=(), strip_comment_tags=True,
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems(lang: str = "zh_CN") -> list[str]:
    catalog = merged_catalog(I18N / lang)
    out = []
    for msgid, where in sorted(source_messages().items()):
        message = catalog.get(msgid)
        if message is None or not message.string:
            out.append(f"missing: {msgid!r} ({where[0]})")
        elif placeholders(message.string) != placeholders(msgid):
            out.append(f"placeholders differ: {msgid!r} -> {message.string!r} ({where[0]})")
    return out


def _po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


if __name__ == "__main__":
    if "--po" in sys.argv:
        catalog = merged_catalog(I18N / "zh_CN")
        for msgid, where in sorted(source_messages().items()):
            m = catalog.get(msgid)
            if m is None or not m.string:
                print(f"#: {where[0]}\nmsgid \"{_po_escape(msgid)}\"\nmsgstr \"\"\n")
    else:
        issues = problems()
        print("\n".join(issues) or "every string has a Chinese translation")
        sys.exit(1 if issues else 0)
