"""Normalising what people type: codes, names and titles (issue 10, part 5).

Text pasted from Word, PDFs or chat apps carries characters nobody sees: zero-width spaces,
soft hyphens, bidi marks, non-breaking hyphens and minus signs that look like "-". Left in,
"QT-HT-01" typed with U+2011 and with "-" become two documents with one code, and a title of three
zero-width spaces looks filled in but prints empty. Every input path runs these functions
(the model fields of ``qms.lib.inputs`` and the services that build records themselves).
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters removed outright: zero-width space/joiners and LRM/RLM (U+200B–U+200F),
# bidi embeddings and overrides (U+202A–U+202E), word joiner and invisible operators
# (U+2060–U+2064), bidi isolates (U+2066–U+2069), the BOM / zero-width no-break space
# (U+FEFF), soft hyphen (U+00AD), Arabic letter mark (U+061C) and Mongolian vowel separator
# (U+180E). Any other "format" (Cf) character goes too; see ``_is_invisible``.
INVISIBLE_CHARACTERS = frozenset(
    "\u00ad\u061c\u180e\ufeff"
    + "".join(chr(c) for c in range(0x200B, 0x2010))
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2060, 0x2065))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)

# Look-alike dashes written as "-": hyphen, non-breaking hyphen, figure dash, en and em dash,
# horizontal bar (U+2010–U+2015), minus sign (U+2212), small em dash and small hyphen-minus
# (U+FE58, U+FE63) and the full-width hyphen-minus (U+FF0D).
LOOKALIKE_DASHES = frozenset(
    "".join(chr(c) for c in range(0x2010, 0x2016)) + "\u2212\ufe58\ufe63\uff0d"
)

_DASH_TABLE = str.maketrans(dict.fromkeys(LOOKALIKE_DASHES, "-"))
_SPACES = re.compile(r"\s+")


def _is_invisible(char: str) -> bool:
    # Category Cf holds every format control (including ones added in later Unicode versions);
    # control characters (Cc) other than whitespace never belong in a one-line value either.
    if char in INVISIBLE_CHARACTERS:
        return True
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and not char.isspace())


def strip_invisible(value: str) -> str:
    """Remove zero-width, bidi and other format characters; keep everything visible."""
    return "".join(char for char in value if not _is_invisible(char))


def clean_line(value: str | None) -> str:
    """NFC, no invisible characters, trimmed, inner whitespace (NBSP too) collapsed to one space.

    For names and titles: what is stored is what a reader sees. An empty result means the
    value was blank to the eye, whatever it contained.
    """
    if not value:
        return ""
    # NFC first: Vietnamese typed on some keyboards arrives decomposed ("e" + combining marks),
    # and "Đăng ký" must be one string however it was typed.
    text = strip_invisible(unicodedata.normalize("NFC", value))
    return _SPACES.sub(" ", text).strip()


def clean_text(value: str | None) -> str:
    """NFC and no invisible characters for multi-line text; line breaks are kept."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n")
    kept = "".join(c for c in text if c in "\n\t" or not _is_invisible(c))
    return kept.strip()


def normalize_code(value: str | None) -> str:
    """A code as it should be stored: ``clean_line`` plus look-alike dashes turned into "-".

    Case is kept as typed (the domain gives patterns, not a mandated case, and legal numbers
    mix cases such as "72/2025/QH15"); comparisons use ``code_key``.
    """
    return clean_line(value).translate(_DASH_TABLE)


def code_key(value: str | None) -> str:
    """The form two codes are compared in: normalised and case-folded ("qt-ht-01")."""
    return normalize_code(value).casefold()


def is_blank(value: str | None) -> bool:
    """Whether a reason, comment or description is empty to the eye (spaces, NBSP, ZWSP…)."""
    return not clean_text(value)
