"""Text extraction for search: NFC-normalised, whitespace-collapsed, capped."""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata

from pypdf import PdfReader
from pypdf.errors import LimitReachedError

logger = logging.getLogger(__name__)

# About 1 MB of text is plenty for full-text search; it also bounds what a hostile
# file can push through the validation pipe and into the database.
MAX_TEXT_CHARS = 1_000_000
_WHITESPACE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Compose decomposed (e.g. macOS) input: reportlab misplaces combining marks."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Return ``text`` in NFC with runs of whitespace collapsed to one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def extract_reader_text(
    reader: PdfReader, *, max_chars: int = MAX_TEXT_CHARS, deadline: float | None = None
) -> tuple[str, bool]:
    """Return the cleaned text of the pages, and whether every page was read.

    Reading stops at ``max_chars`` or, between pages, once ``time.monotonic()`` passes
    ``deadline``. Resource-limit errors propagate (the caller decides what a bomb
    means); any other failure skips that page, since odd fonts are common in genuine files.
    """
    parts: list[str] = []
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        if total >= max_chars or (deadline is not None and time.monotonic() > deadline):
            return " ".join(parts)[:max_chars], False
        try:
            text = clean_text(page.extract_text())
        except (LimitReachedError, MemoryError, RecursionError):
            raise
        except Exception:  # a page without usable text is not fatal
            logger.info(
                "Skipping text of page %s: extraction failed", number, exc_info=True
            )
            continue
        if text:
            parts.append(text)
            total += len(text) + 1
    return " ".join(parts)[:max_chars], True


def extract_text(pdf: bytes, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Return the searchable text of ``pdf``.

    Call it on the unstamped master: pypdf extracts a stamped reportlab file about 40×
    slower (stack-notes §5).
    """
    text, _complete = extract_reader_text(
        PdfReader(io.BytesIO(pdf)), max_chars=max_chars
    )
    return text
