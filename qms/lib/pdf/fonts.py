"""Register the Vietnamese-capable fonts reportlab draws with.

Be Vietnam Pro ships on PyPI (fontpkg-be-vietnam-pro), so the project installs its own
font; DejaVu from Debian is the fallback. reportlab's bundled Vera lacks Vietnamese.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "QmsSans"
BOLD = "QmsSans-Bold"


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path


def _be_vietnam_pro() -> FontFiles | None:
    try:
        import fontpkg  # optional at import time; fall back below
    except ImportError:
        return None
    regular = Path(fontpkg.path("Be Vietnam Pro"))
    bold = regular.with_name(regular.name.replace("-Regular", "-Bold"))
    if regular.is_file() and bold.is_file():
        return FontFiles(regular, bold)
    return None


def _dejavu() -> FontFiles | None:
    files = FontFiles(DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf")
    return files if files.regular.is_file() and files.bold.is_file() else None


def font_files() -> FontFiles:
    """Return the TTF pair to use: Be Vietnam Pro, else DejaVu Sans."""
    files = _be_vietnam_pro() or _dejavu()
    if files is None:
        raise RuntimeError(
            "No Vietnamese font found: install fontpkg-be-vietnam-pro or fonts-dejavu-core"
        )
    return files


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces once per process; return their names."""
    files = font_files()
    pdfmetrics.registerFont(TTFont(REGULAR, str(files.regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(files.bold)))
    # Lets Paragraph markup <b> switch to the bold face.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
