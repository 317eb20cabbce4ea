"""Merge the catalogue fragments resources/i18n/<lang>/*.po into one compiled .mo per language.

Each area of the code keeps its own fragment (core.po, kinds.po, sync.po...) so that people working
on different areas never edit the same file. Run after changing any .po:

    .venv/bin/python scripts/compile_translations.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"


def merged_catalog(lang_dir: Path) -> Catalog:
    merged = Catalog(locale=lang_dir.name, domain="safetydesk", project="SafetyDesk",
                     fuzzy=False)
    for po in sorted(lang_dir.glob("*.po")):
        with po.open("rb") as fh:
            fragment = read_po(fh, locale=lang_dir.name)
        for message in fragment:
            if not message.id:
                continue
            previous = merged.get(message.id)
            if previous is not None and previous.string != message.string:
                raise SystemExit(f"{po.name}: {message.id!r} is translated differently elsewhere")
            merged.add(message.id, message.string)
    return merged


def main() -> int:
    for lang_dir in sorted(p for p in I18N.iterdir() if p.is_dir()):
        catalog = merged_catalog(lang_dir)
        out = lang_dir / "LC_MESSAGES" / "safetydesk.mo"
        out.parent.mkdir(exist_ok=True)
        with out.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        print(f"{out.relative_to(ROOT)}: {len(catalog)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
