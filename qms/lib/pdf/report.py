"""The one scaffold every PDF of the project is built on (reportlab platypus).

Vietnamese administrative layout (Nghị định 30/2020/NĐ-CP): the agency on the left and the
national motto on the right, a title block, tables whose heading repeats on every page,
signature blocks and "Trang x/y" on every page, in one set of styles over the embedded
Vietnamese fonts. Feature apps describe what their document says; how a page is drawn,
numbered and described in its metadata lives here, once.

Nothing here touches models: callers pass text in and get PDF bytes back.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from qms.lib.pdf.fonts import register_fonts
from qms.lib.pdf.metadata import InfoWithCustomKeys
from qms.lib.pdf.text import nfc

# ASCII85 on top of Flate makes every stream 25% larger and, without reportlab's C
# accelerator, costs ~10% of render time; nothing here needs 7-bit-clean output.
rl_config.useA85 = 0

CREATOR = "Một Cửa QMS"
# Quốc hiệu and tiêu ngữ (Nghị định 30/2020/NĐ-CP, Phụ lục I): fixed Vietnamese in every
# language, like the agency name beside them.
COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#E8EEF4")
FOOTER_SIZE = 8.5

# A date printed by qms.lib.dates: digits with "/", "." or "-" and no space (d/m/Y, m/d/Y,
# Y-m-d). reportlab cuts a word wider than its cell anywhere ("03/02/202" + "6"); a
# paragraph carrying a date keeps its words whole instead (see ``para``).
_DATE_WORD = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")

# A table cell: text (drawn as a paragraph in the cell style) or ready-made flowables.
Cell: TypeAlias = Any
PageDecorator = Callable[[Canvas, int, int], None]


def vn_page_label(page: int, total: int) -> str:
    return f"Trang {page}/{total}"


# --- page set-up ------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    """Paper and margins; ``header``/``footer`` reserve room for what each page repeats."""

    size: tuple[float, float] = A4
    left: float = 25 * mm
    right: float = 15 * mm
    top: float = 15 * mm
    bottom: float = 12 * mm
    header: float = 6 * mm
    footer: float = 8 * mm

    @property
    def width(self) -> float:
        """The width of the text frame."""
        return self.size[0] - self.left - self.right


@dataclass(frozen=True)
class Metadata:
    """The info dictionary: title, author (the agency), subject and custom keys."""

    title: str
    author: str = ""
    subject: str = ""
    custom: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Furniture:
    """What a report repeats on its pages.

    ``running_header`` is written above the frame from page 2 on (page 1 has the full
    administrative header); ``footer_note`` at the bottom left; ``page_label`` at the
    bottom right ("Trang x/y" unless the report follows the reader's language).
    """

    running_header: str = ""
    footer_note: str = ""
    page_label: Callable[[int, int], str] = vn_page_label

    def decorate(self, page: PageSetup) -> PageDecorator:
        return functools.partial(_draw_furniture, furniture=self, setup=page)


def _draw_furniture(
    canvas: Canvas, number: int, total: int, *, furniture: Furniture, setup: PageSetup
) -> None:
    regular, _bold = register_fonts()
    canvas.setFont(regular, FOOTER_SIZE)
    right = setup.size[0] - setup.right
    if furniture.running_header and number > 1:
        y = setup.size[1] - setup.top - FOOTER_SIZE
        canvas.drawString(setup.left, y, nfc(furniture.running_header))
    if furniture.footer_note:
        canvas.drawString(setup.left, setup.bottom, nfc(furniture.footer_note))
    canvas.drawRightString(
        right, setup.bottom, nfc(furniture.page_label(number, total))
    )


class NumberedCanvas(Canvas):
    """Defers each page until the end, so every page can say how many there are ("x/y").

    ``prepare`` runs once before the pages are drawn (e.g. to define a form XObject they
    share); ``decorate`` draws each page's repeated parts given its number and the total.
    """

    def __init__(
        self,
        *args: Any,
        decorate: PageDecorator,
        prepare: Callable[[Canvas], None] | None = None,
        custom_info: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._doc.info = InfoWithCustomKeys(custom_info or {})
        self._decorate = decorate
        self._prepare = prepare
        self._deferred: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._deferred.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._deferred)
        if self._prepare is not None:
            self._prepare(self)
        for number, state in enumerate(self._deferred, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


def build_pdf(
    story: list[Flowable],
    *,
    metadata: Metadata,
    page: PageSetup,
    decorate: PageDecorator,
    prepare: Callable[[Canvas], None] | None = None,
) -> bytes:
    """Lay ``story`` out on ``page`` and return the PDF; ``decorate`` draws every page's frame."""
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=page.size,
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top + page.header,
        bottomMargin=page.bottom + page.footer,
        title=nfc(metadata.title),
        author=nfc(metadata.author),
        subject=nfc(metadata.subject),
        creator=CREATOR,
    )
    frame = Frame(
        page.left,
        page.bottom + page.footer,
        page.width,
        template.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    custom = {key: nfc(value) for key, value in metadata.custom.items()}
    canvasmaker = functools.partial(
        NumberedCanvas, decorate=decorate, prepare=prepare, custom_info=custom
    )
    template.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def build_report(
    story: list[Flowable],
    *,
    metadata: Metadata,
    page: PageSetup | None = None,
    furniture: Furniture | None = None,
) -> bytes:
    """A report: ``story`` with the running header, footer note and "Trang x/y"."""
    page = page or PageSetup()
    furniture = furniture or Furniture()
    return build_pdf(
        story, metadata=metadata, page=page, decorate=furniture.decorate(page)
    )


# --- styles and paragraphs --------------------------------------------------------------


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The one set of paragraph styles, over the embedded Vietnamese fonts."""
    regular, bold = register_fonts()
    body = ParagraphStyle("qms_body", fontName=regular, fontSize=11, leading=15)
    cell = ParagraphStyle("qms_cell", parent=body, fontSize=9.5, leading=12)
    return {
        "body": body,
        "body_justified": ParagraphStyle(
            "qms_body_justified", parent=body, alignment=TA_JUSTIFY, spaceAfter=4
        ),
        "center": ParagraphStyle("qms_center", parent=body, alignment=TA_CENTER),
        "label": ParagraphStyle("qms_label", parent=body, fontName=bold),
        "title": ParagraphStyle(
            "qms_title",
            parent=body,
            fontName=bold,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
        "heading": ParagraphStyle(
            "qms_heading",
            parent=body,
            fontName=bold,
            fontSize=12,
            spaceBefore=8,
            spaceAfter=6,
        ),
        "caption": ParagraphStyle(
            "qms_caption",
            parent=body,
            fontName=bold,
            alignment=TA_CENTER,
            spaceBefore=8,
        ),
        "cell": cell,
        "cell_center": ParagraphStyle("qms_cc", parent=cell, alignment=TA_CENTER),
        "cell_head": ParagraphStyle(
            "qms_ch", parent=cell, fontName=bold, alignment=TA_CENTER
        ),
        "header": ParagraphStyle("qms_header", parent=cell, fontSize=9, leading=11),
        "header_bold": ParagraphStyle(
            "qms_header_bold",
            parent=cell,
            fontName=bold,
            alignment=TA_CENTER,
            leading=13,
        ),
        "header_title": ParagraphStyle(
            "qms_header_title",
            parent=cell,
            fontName=bold,
            fontSize=11.5,
            leading=14,
            alignment=TA_CENTER,
        ),
    }


def style(name: str) -> ParagraphStyle:
    return styles()[name]


class _Paragraph(Paragraph):
    """A Paragraph that remembers its last wrap.

    Tables wrap every cell to measure rows and again to draw them; line breaking is most
    of the rendering time, and the result only depends on the width.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # split() drops blPara when it gives up; then the paragraph must wrap again.
        if (
            self._wrapped is not None
            and self._wrapped[0] == availWidth
            and hasattr(self, "blPara")
        ):
            return self._wrapped[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def para(text: str, style_or_name: ParagraphStyle | str = "body") -> Paragraph:
    """A Paragraph of plain text: NFC, markup characters kept literal, line breaks kept.

    A text with a date never has a word cut in two: a word wider than the line overflows
    it rather than breaking "03/02/2026" into "03/02/202" and "6".
    """
    base = styles()[style_or_name] if isinstance(style_or_name, str) else style_or_name
    text = nfc(text or "")
    chosen = _whole_words(base) if _DATE_WORD.search(text) else base
    if "\n" in text or not text.strip():
        return _Paragraph(escape(text).replace("\n", "<br/>"), chosen)
    # Plain text needs no markup parser: clone a fragment of the style with the text
    # (a sixth of the render time on a 200-page document).
    return _Paragraph(text, chosen, frags=[_style_fragment(chosen).clone(text=text)])


@functools.cache
def _whole_words(base: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{base.name}_whole", parent=base, splitLongWords=0)


@functools.cache
def _style_fragment(style: ParagraphStyle) -> Any:
    return Paragraph("x", style).frags[0]


# --- blocks -----------------------------------------------------------------------------


def admin_header(agency: str, width: float, *, parent: str = "") -> Table:
    """Agency on the left, quốc hiệu and tiêu ngữ on the right (Nghị định 30/2020)."""
    head = style("header_bold")
    left: list[Flowable] = []
    if parent:
        left.append(para(parent.upper(), "cell_center"))
    left.append(para(agency.upper(), head))
    right = [para(COUNTRY, head), para(MOTTO, head)]
    return Table(
        [[left, right]],
        colWidths=[width * 0.42, width * 0.58],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )


def title_block(title: str, *lines: str) -> list[Flowable]:
    """The document's name in capitals, centred, with its identifying lines below."""
    flowables: list[Flowable] = [Spacer(1, 5 * mm), para(title.upper(), "title")]
    flowables += [para(line, "center") for line in lines if line]
    flowables.append(Spacer(1, 3 * mm))
    return flowables


def grid(
    *, header_rows: int = 1, valign: str = "TOP", extra: Iterable[tuple[Any, ...]] = ()
) -> TableStyle:
    """Borders, shaded heading rows and the padding every table shares."""
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    return TableStyle([*commands, *extra])


def _cell(value: Cell, name: str) -> Cell:
    return para(value, name) if isinstance(value, str) else value


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[float],
    *,
    center_first: bool = False,
    row_height: float | None = None,
    valign: str = "TOP",
) -> Table:
    """A bordered table whose heading row repeats on every page it spans.

    Text cells become paragraphs in the cell style (the first column centred when asked);
    a row taller than a page is split inside the row rather than failing.
    """
    data: list[list[Cell]] = [[para(text, "cell_head") for text in head]]
    for row in rows:
        first, *rest = row
        data.append(
            [_cell(first, "cell_center" if center_first else "cell")]
            + [_cell(value, "cell") for value in rest]
        )
    body_rows = len(data) - 1
    heights = [None, *[row_height] * body_rows] if row_height else None
    return Table(
        data,
        colWidths=list(widths),
        rowHeights=heights,
        repeatRows=1,
        splitInRow=1,
        style=grid(valign=valign),
    )


@dataclass(frozen=True)
class Signature:
    """One signature block: role, a note (signed when, or how to sign), name, position."""

    role: str
    name: str = ""
    position: str = ""
    note: str = ""


def signature_blocks(
    signatures: Sequence[Signature], width: float, *, room: float = 0
) -> Table:
    """Signature blocks side by side; ``room`` leaves space to sign by hand."""
    columns: list[list[Flowable]] = []
    for signature in signatures:
        column: list[Flowable] = [para(signature.role.upper(), "cell_head")]
        if signature.note:
            column.append(para(signature.note, "cell_center"))
        if room:
            column.append(Spacer(1, room))
        if signature.name:
            column.append(para(signature.name, "cell_head"))
        if signature.position:
            column.append(para(signature.position, "cell_center"))
        columns.append(column)
    count = max(len(columns), 1)
    data: list[list[Any]] = [columns] if columns else [[""]]
    return Table(
        data,
        colWidths=[width / count] * count,
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )


def facts(
    rows: Iterable[tuple[str, str]], width: float, *, label: float = 45 * mm
) -> Table:
    """ "Label: value" lines without borders (a course and its dates, a person's details)."""
    data = [[para(f"{name}:", "label"), para(value, "body")] for name, value in rows]
    return Table(
        data,
        colWidths=[label, width - label],
        style=TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        ),
    )
