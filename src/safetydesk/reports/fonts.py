"""The one font every report uses: WenQuanYi Micro Hei, shipped in resources/fonts and embedded.

reportlab embeds (subsets of) TrueType-outline fonts only; the built-in CID font STSong-Light is
never embedded and prints as boxes on machines without Asian font packs, so it is not used.
Registration parses a 5 MB .ttc, so it happens once per process, guarded by a lock because
reports may be rendered on a worker thread while another starts.
"""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from safetydesk.resources import cjk_font_path

FONT_NAME = "SafetyDeskCJK"

_lock = threading.Lock()


def register_fonts() -> str:
    """Register the embedded CJK font (once) and return its reportlab name."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(cjk_font_path()), subfontIndex=0))
            # The face has no bold or italic: map every style to it so <b> in a Paragraph
            # never falls back to a font without Chinese glyphs.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


@cache
def max_advance() -> float:
    """The widest advance in the font, in em: an upper bound for "does this text surely fit"."""
    font = pdfmetrics.getFont(register_fonts())
    widths = font.face.charWidths.values()
    return max(max(widths, default=1000), font.face.defaultWidth, 1000) / 1000.0


def string_width(text: str, size: float) -> float:
    """Width of `text` in points at `size` in the report font."""
    return pdfmetrics.stringWidth(text, register_fonts(), size)


@cache
def char_widths() -> dict[int, float]:
    """Advance widths in em by code point (key -1: the default), for fast line breaking."""
    font = pdfmetrics.getFont(register_fonts())
    widths = {code: w / 1000.0 for code, w in font.face.charWidths.items()}
    widths[-1] = font.face.defaultWidth / 1000.0
    return widths
