"""ASCII page slugs for Vietnamese titles and codes, the same in the browser and on the server.

Wagtail's editor fills the slug from the title in JavaScript (the ``w-slug`` controller's
``urlify``), whose transliteration maps have no Vietnamese: "Đăng ký tạm trú" became
"djang-ky-tm-tru". Django's ``slugify`` drops "đ" ("ang-ky"). Here the letters of the
Vietnamese alphabet are mapped to their base letter by regex formatters the controller runs
first, and the server transliterates with anyascii, which gives the same base letters; the
rest of both pipelines (lower case, keep [a-z0-9_-], collapse spaces and hyphens) is the same.
"""

from __future__ import annotations

import re
from typing import Any

from anyascii import anyascii
from django.utils.text import slugify
from wagtail.admin.widgets.slug import SlugInput

# Every precomposed letter of the Vietnamese alphabet that is not plain ASCII, in NFC.
VIETNAMESE_LETTERS = (
    "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
)
_BASES = "aeiouyd"

# Combining marks (U+0300–U+036F): text typed with a "Unicode tổ hợp" keyboard arrives
# decomposed ("a" + U+0301); dropping the marks leaves the base letter, as anyascii does.
COMBINING_MARKS = "[\u0300-\u036f]"


def _letters_of(base: str) -> str:
    lower = "".join(c for c in VIETNAMESE_LETTERS if anyascii(c) == base)
    return lower + lower.upper()


# (pattern, replacement) pairs for the JavaScript controller, applied in order, globally.
SLUG_FORMATTERS: list[tuple[str, str]] = [
    (COMBINING_MARKS, ""),
    *((f"[{_letters_of(base)}]", base) for base in _BASES),
]


def ascii_slug(text: str, max_length: int = 255) -> str:
    """The ASCII slug of a title or code: "QT-HT-05" → "qt-ht-05", "Đăng ký" → "dang-ky"."""
    return slugify(anyascii(text or ""))[:max_length].strip("-")


def available_slug(page: Any, parent: Any, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first slug no sibling of ``page`` uses."""
    if parent is None:
        return base
    taken = set(
        parent.get_children()
        .exclude(pk=page.pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input with the Vietnamese letters transliterated before ``urlify``."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "formatters", [(re.compile(p), r) for p, r in SLUG_FORMATTERS]
        )
        super().__init__(attrs, **kwargs)


class AsciiSlugMixin:
    """Put before ``Page``: an empty slug is made from the title with Vietnamese letters kept
    readable ("Đăng ký" → "dang-ky"), not Django's ``slugify`` that drops "đ"."""

    def _fill_slug(self) -> None:
        page: Any = self
        # Wagtail fills an empty slug once the page has a place in the tree (path set).
        if not page.slug and page.path:
            base = ascii_slug(page.title)
            if base:
                page.slug = available_slug(page, page.get_parent(), base)

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self._fill_slug()
        super().full_clean(*args, **kwargs)  # type: ignore[misc]

    def minimal_clean(self) -> None:
        # What Wagtail's save() runs instead of full_clean() for a page that is not live.
        self._fill_slug()
        super().minimal_clean()  # type: ignore[misc]
