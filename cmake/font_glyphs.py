#!/usr/bin/python3
"""Which characters the UI fonts must hold: every non-ASCII character the app's sources and
lessons use, plus ASCII, the Greek lower case and the sub/superscripts (what prettyFormula() can
make of a typed formula: the UI shows no other text it did not write itself). Writes two --unicodes-file lists for fontTools' subsetter: the text
font's (Inter) and the symbol font's (DejaVu Sans: only what Inter lacks). Subsetting to what is
used keeps the page's download small; a glyph added to a source file is picked up on rebuild.

The semibold face (headings, titles) holds ASCII and typographic punctuation only: the app merges
the regular face behind it for any other character.

usage: font_glyphs.py ROOT TEXT_FONT OUT_TEXT OUT_SYMBOLS OUT_BOLD
"""
import pathlib
import sys

from fontTools.ttLib import TTFont

root, text_font, out_text, out_symbols, out_bold = sys.argv[1:6]
used = set(range(0x20, 0x7F)) | {0xB2, 0xB3, 0xB7, 0xB9} | set(range(0x3B1, 0x3CA))
used |= set(range(0x2070, 0x20A0))
used |= {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2032, 0x2033}
for pattern in ("src/**/*.cpp", "src/**/*.h", "lessons/*.json"):
    for path in pathlib.Path(root).glob(pattern):
        used |= {ord(c) for c in path.read_text(encoding="utf-8") if ord(c) > 0x7E}
# Combining marks belong to the characters they follow (ĝ, ŷ in comments); the UI draws none.
used = {c for c in used if not 0x300 <= c < 0x370}

inter = set(TTFont(text_font).getBestCmap())
text = sorted(c for c in used if c in inter)
symbols = sorted(c for c in used if c not in inter)
bold = sorted(set(range(0x20, 0x7F)) | {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026})
for out, chars in ((out_text, text), (out_symbols, symbols), (out_bold, bold)):
    pathlib.Path(out).write_text("".join(f"U+{c:04X}\n" for c in chars))
