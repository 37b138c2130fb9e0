"""Draw the controlled copy of a release with reportlab platypus.

Layout follows Vietnamese administrative practice (Nghị định 30/2020/NĐ-CP) and the ISO
document-control block agencies use (domain-vn.md §2.2): a header on every page, the
prepared/reviewed/approved block and the amendment table on the first page.

Labels are fixed Vietnamese, not gettext: the layout is part of the controlled document
(ISO 9001:2015 7.5.2) and must not change with the reader's interface language.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfbase.pdfmetrics import getAscentDescent
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

from documents.pdf.fonts import register_fonts
from documents.pdf.text import nfc

# ASCII85 on top of Flate makes every stream 25% larger and, without reportlab's C
# accelerator, costs ~10% of render time; nothing here needs 7-bit-clean output.
rl_config.useA85 = 0

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PREPARE, REVIEW, APPROVE = "prepare", "review", "approve"
# Column heading → the Approval.meaning values (codes or Vietnamese words) shown under it.
APPROVAL_COLUMNS: tuple[tuple[str, frozenset[str]], ...] = (
    ("SOẠN THẢO", frozenset({PREPARE, "soạn thảo"})),
    ("SOÁT XÉT", frozenset({REVIEW, "soát xét", "xem xét"})),
    ("PHÊ DUYỆT", frozenset({APPROVE, "phê duyệt"})),
)

PAGE_WIDTH, PAGE_HEIGHT = A4
# Nghị định 30/2020 margins: left 30-35 mm, right 15-20 mm, top and bottom 20-25 mm.
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 15 * mm, 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
HEADER_GAP = 5 * mm
GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#E8EEF4")


@dataclass(frozen=True)
class Approval:
    meaning: str
    name: str
    position: str
    signed_at: datetime | None


@dataclass(frozen=True)
class StepRow:
    step: str
    description: str
    responsible: str
    time_limit: str
    forms: str


@dataclass(frozen=True)
class Amendment:
    release: str
    date: date
    summary: str
    sections: str


@dataclass(frozen=True)
class RecordRow:
    name: str
    keeper: str
    retention: str


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]
    steps: list[StepRow] = field(default_factory=list)


@dataclass(frozen=True)
class ReleaseDocument:
    agency: str
    title: str
    code: str
    release: str
    effective_date: date
    kind: str
    approvals: list[Approval]
    sections: list[Section]
    amendments: list[Amendment]
    records: list[RecordRow]
    prepared_by: Approval | None


def render_release_pdf(doc: ReleaseDocument) -> bytes:
    """Return the controlled copy of ``doc`` as PDF bytes. ISO 9001:2015 7.5.2, 7.5.3."""
    styles = _styles()
    header = _Header(doc, styles)
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP + header.height + HEADER_GAP,
        bottomMargin=BOTTOM,
        title=nfc(doc.title),
        author=nfc(doc.agency),
        subject=nfc(f"{doc.code} – lần ban hành {doc.release}"),
        creator="Một Cửa QMS",
    )
    frame = Frame(
        LEFT,
        BOTTOM,
        CONTENT_WIDTH,
        template.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    custom = {"DocCode": nfc(doc.code), "Release": nfc(doc.release)}
    canvasmaker = functools.partial(_PagedCanvas, header=header, custom_info=custom)
    template.build(_story(doc, styles), canvasmaker=canvasmaker)
    return buffer.getvalue()


def format_signed_at(moment: datetime) -> str:
    """Signature manifestation time (21 CFR 11.50) in Vietnam time, e.g. 14:05 15/01/2026 (GMT+7)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone(VN_TZ):%H:%M %d/%m/%Y} (GMT+7)"


# --- styles and helpers ----------------------------------------------------------------


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=11,
        leading=15,
        alignment=TA_JUSTIFY,
        spaceAfter=4,
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=9.5, leading=12, alignment=0, spaceAfter=0
    )
    return {
        "body": body,
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=bold,
            fontSize=12,
            spaceBefore=8,
            spaceAfter=6,
        ),
        "caption": ParagraphStyle(
            "caption", parent=body, fontName=bold, alignment=TA_CENTER, spaceBefore=8
        ),
        "cell": cell,
        "cell_center": ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        "cell_head": ParagraphStyle(
            "cell_head", parent=cell, fontName=bold, alignment=TA_CENTER
        ),
        "header": ParagraphStyle("header", parent=cell, fontSize=9, leading=11),
        "header_bold": ParagraphStyle(
            "header_bold", parent=cell, fontName=bold, alignment=TA_CENTER, leading=13
        ),
        "header_title": ParagraphStyle(
            "header_title",
            parent=cell,
            fontName=bold,
            fontSize=11.5,
            leading=14,
            alignment=TA_CENTER,
        ),
    }


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


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text: NFC, markup characters kept literal, line breaks kept."""
    text = nfc(text)
    if "\n" in text or not text.strip():
        return _Paragraph(escape(text).replace("\n", "<br/>"), style)
    # Plain text needs no markup parser: clone a fragment of the style with the text
    # (a sixth of the render time on a 200-page document).
    return _Paragraph(text, style, frags=[_style_fragment(style).clone(text=text)])


@functools.cache
def _style_fragment(style: ParagraphStyle) -> Any:
    return Paragraph("x", style).frags[0]


def _vn_date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _grid(header_rows: int = 1) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    widths: Sequence[float],
    styles: dict[str, ParagraphStyle],
) -> Table:
    """A bordered table whose heading row repeats on every page it spans."""
    data: list[list[Any]] = [[_p(text, styles["cell_head"]) for text in head]]
    data += [[_p(text, styles["cell"]) for text in row] for row in rows]
    # splitInRow: a step described at length may need more than a page of its own.
    table = Table(
        data, colWidths=list(widths), repeatRows=1, style=_grid(), splitInRow=1
    )
    return table


# --- the running header -----------------------------------------------------------------


class _Header:
    """The control block on every page: agency | title | code, release, date, page x/y.

    The static part is wrapped once and drawn as one form XObject shared by all pages;
    only "Trang x/y" is written per page.
    """

    FORM = "qmsReleaseHeader"
    WIDTHS = (46 * mm, CONTENT_WIDTH - 46 * mm - 52 * mm, 52 * mm)

    def __init__(self, doc: ReleaseDocument, styles: dict[str, ParagraphStyle]) -> None:
        self.style = style = styles["header"]
        title = [
            _p(doc.kind.upper(), styles["header_title"]),
            _p(doc.title, styles["header_title"]),
        ]
        data: list[list[Any]] = [
            [
                _p(doc.agency, styles["header_bold"]),
                title,
                _p(f"Mã hiệu: {doc.code}", style),
            ],
            ["", "", _p(f"Lần ban hành: {doc.release}", style)],
            ["", "", _p(f"Ngày hiệu lực: {_vn_date(doc.effective_date)}", style)],
            ["", "", Spacer(1, style.leading)],  # "Trang x/y" is written here per page
        ]
        self.table = Table(data, colWidths=list(self.WIDTHS), style=self._table_style())
        _, self.height = self.table.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
        self.bottom = PAGE_HEIGHT - TOP - self.height
        # Centre the page number vertically in the last row of the right-hand column.
        ascent, descent = getAscentDescent(style.fontName, style.fontSize)
        self._page_y = (
            self.bottom + self.table._rowHeights[-1] / 2 - (ascent + descent) / 2
        )
        self._page_x = LEFT + self.WIDTHS[0] + self.WIDTHS[1] + 6

    @staticmethod
    def _table_style() -> TableStyle:
        return TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                ("SPAN", (0, 0), (0, -1)),
                ("SPAN", (1, 0), (1, -1)),
                ("VALIGN", (0, 0), (1, -1), "MIDDLE"),
                ("VALIGN", (2, 0), (2, -1), "MIDDLE"),
            ]
        )

    def define(self, canvas: Canvas) -> None:
        canvas.beginForm(self.FORM)
        self.table.drawOn(canvas, LEFT, self.bottom)
        canvas.endForm()

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        canvas.doForm(self.FORM)
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.drawString(self._page_x, self._page_y, f"Trang {page}/{total}")


class _PagedCanvas(Canvas):
    """Defers each page until the end, so the header can say "Trang x/y"."""

    def __init__(
        self, *args: Any, header: _Header, custom_info: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._doc.info = _InfoWithCustomKeys(custom_info)
        self._header = header
        self._deferred: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._deferred.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._deferred)
        self._header.define(self)
        for number, state in enumerate(self._deferred, start=1):
            self.__dict__.update(state)
            self._header.draw(self, number, total)
            super().showPage()
        super().save()


class _InfoWithCustomKeys(PDFInfo):
    """reportlab's info dictionary plus custom keys (/DocCode, /Release), which it has no API for.

    Writing them here avoids re-parsing and re-writing the finished file with pypdf
    (0.17 s on 200 pages), and pypdf's incremental writer emits an xref that qpdf flags.
    """

    def __init__(self, custom: dict[str, str]) -> None:
        super().__init__()
        self.custom = custom

    def format(self, document: Any) -> bytes:
        standard: bytes = super().format(document)
        extra: bytes = PDFDictionary(
            {k: PDFString(v) for k, v in self.custom.items()}
        ).format(document)
        # Splice the two dictionaries: "<< standard" + " extra >>".
        return (
            standard[: standard.rindex(b">>")] + b"\n" + extra[extra.index(b"<<") + 2 :]
        )


# --- first-page blocks and body ---------------------------------------------------------


def _story(doc: ReleaseDocument, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_approval_block(doc, styles), Spacer(1, 6 * mm)]
    story += [
        _p("THEO DÕI SỬA ĐỔI TÀI LIỆU", styles["caption"]),
        Spacer(1, 2 * mm),
        _amendments(doc, styles),
    ]
    story.append(Spacer(1, 4 * mm))
    for section in doc.sections:
        story += _section(section, styles)
    if doc.records:
        story += [_p("HỒ SƠ LƯU", styles["heading"]), _records(doc.records, styles)]
    return story


def _approval_block(doc: ReleaseDocument, styles: dict[str, ParagraphStyle]) -> Table:
    """Soạn thảo | Soát xét | Phê duyệt with name, signature and position (domain-vn §2.2)."""
    columns = _approval_columns(doc)
    label, value, head = styles["cell_head"], styles["cell_center"], styles["cell_head"]
    rows: list[list[Any]] = [[""] + [_p(title, head) for title, _ in APPROVAL_COLUMNS]]
    rows.append(
        [_p("Họ tên", label)]
        + [_stack(col, lambda a: a.name, styles["header_bold"]) for col in columns]
    )
    rows.append(
        [_p("Chữ ký", label)] + [_stack(col, _signature_text, value) for col in columns]
    )
    rows.append(
        [_p("Chức vụ", label)]
        + [_stack(col, lambda a: a.position, value) for col in columns]
    )
    first = 22 * mm
    rest = (CONTENT_WIDTH - first) / 3
    table = Table(
        rows,
        colWidths=[first, rest, rest, rest],
        rowHeights=[None, None, 18 * mm, None],
    )
    style = _grid()
    style.add("VALIGN", (0, 0), (-1, -1), "MIDDLE")
    table.setStyle(style)
    return table


def _approval_columns(doc: ReleaseDocument) -> list[list[Approval]]:
    columns: list[list[Approval]] = [[] for _ in APPROVAL_COLUMNS]
    if doc.prepared_by is not None:
        columns[0].append(doc.prepared_by)
    for approval in doc.approvals:
        meaning = nfc(approval.meaning).strip().casefold()
        for index, (_title, meanings) in enumerate(APPROVAL_COLUMNS):
            if meaning in meanings and approval not in columns[index]:
                columns[index].append(approval)
    return columns


def _signature_text(approval: Approval) -> str:
    if approval.signed_at is None:
        return ""  # room for a handwritten signature
    return f"Đã ký điện tử lúc {format_signed_at(approval.signed_at)}"


def _stack(
    approvals: list[Approval], text: Callable[[Approval], str], style: ParagraphStyle
) -> list[Paragraph]:
    return [_p(text(a), style) for a in approvals if text(a)]


def _amendments(doc: ReleaseDocument, styles: dict[str, ParagraphStyle]) -> Table:
    head = ("Lần ban hành", "Ngày", "Trang/Phần liên quan", "Mô tả nội dung sửa đổi")
    rows = [
        (a.release, _vn_date(a.date), a.sections, a.summary) for a in doc.amendments
    ] or [("—",) * 4]
    widths = (24 * mm, 24 * mm, 36 * mm, CONTENT_WIDTH - 84 * mm)
    return _table(head, rows, widths, styles)


def _section(section: Section, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    flowables: list[Flowable] = [_p(section.heading, styles["heading"])]
    flowables += [_p(text, styles["body"]) for text in section.paragraphs]
    if section.steps:
        head = ("Bước", "Nội dung", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả")
        rows = [
            (s.step, s.description, s.responsible, s.time_limit, s.forms)
            for s in section.steps
        ]
        widths = (13 * mm, CONTENT_WIDTH - 99 * mm, 32 * mm, 26 * mm, 28 * mm)
        flowables += [
            Spacer(1, 2 * mm),
            _table(head, rows, widths, styles),
            Spacer(1, 3 * mm),
        ]
    return flowables


def _records(records: list[RecordRow], styles: dict[str, ParagraphStyle]) -> Table:
    rows = [(r.name, r.keeper, r.retention) for r in records]
    widths = (CONTENT_WIDTH - 80 * mm, 45 * mm, 35 * mm)
    return _table(("Tên hồ sơ", "Người lưu", "Thời gian lưu"), rows, widths, styles)
