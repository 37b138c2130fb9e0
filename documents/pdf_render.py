"""Draw the controlled copy of a release with reportlab platypus.

Layout follows Vietnamese administrative practice (Nghị định 30/2020/NĐ-CP) and the ISO
document-control block agencies use (domain-vn.md §2.2): a header on every page, the
prepared/reviewed/approved block and the amendment table on the first page.

Labels are fixed Vietnamese, not gettext: the layout is part of the controlled document
(ISO 9001:2015 7.5.2) and must not change with the reader's interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from qms.lib.dates import format_date, format_signed_at
from qms.lib.pdf.report import (
    GRID,
    Metadata,
    PageSetup,
    admin_header,
    build_pdf,
    grid,
    para,
    style,
    table,
    vn_page_label,
)
from qms.lib.pdf.text import nfc

__all__ = [
    "Amendment",
    "Approval",
    "RecordRow",
    "ReleaseDocument",
    "Section",
    "StepRow",
    "format_signed_at",
    "render_release_pdf",
]

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
    header = _Header(doc)
    page = PageSetup(
        left=LEFT,
        right=RIGHT,
        top=TOP + header.height + HEADER_GAP,
        bottom=BOTTOM,
        header=0,
        footer=0,
    )
    metadata = Metadata(
        title=doc.title,
        author=doc.agency,
        subject=f"{doc.code} – lần ban hành {doc.release}",
        custom={"DocCode": doc.code, "Release": doc.release},
    )
    return build_pdf(
        _story(doc),
        metadata=metadata,
        page=page,
        decorate=header.draw,
        prepare=header.define,
    )


# --- the running header -----------------------------------------------------------------


class _Header:
    """The control block on every page: agency | title | code, release, date, page x/y.

    The static part is wrapped once and drawn as one form XObject shared by all pages;
    only "Trang x/y" is written per page.
    """

    FORM = "qmsReleaseHeader"
    WIDTHS = (46 * mm, CONTENT_WIDTH - 46 * mm - 52 * mm, 52 * mm)

    def __init__(self, doc: ReleaseDocument) -> None:
        self.style = text = style("header")
        title = [
            para(doc.kind.upper(), "header_title"),
            para(doc.title, "header_title"),
        ]
        effective = format_date(doc.effective_date, language="vi")
        data: list[list[Any]] = [
            [
                para(doc.agency, "header_bold"),
                title,
                para(f"Mã hiệu: {doc.code}", text),
            ],
            ["", "", para(f"Lần ban hành: {doc.release}", text)],
            ["", "", para(f"Ngày hiệu lực: {effective}", text)],
            ["", "", Spacer(1, text.leading)],  # "Trang x/y" is written here per page
        ]
        self.table = Table(data, colWidths=list(self.WIDTHS), style=self._table_style())
        _, self.height = self.table.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
        self.bottom = PAGE_HEIGHT - TOP - self.height
        # Centre the page number vertically in the last row of the right-hand column.
        ascent, descent = getAscentDescent(text.fontName, text.fontSize)
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
        canvas.drawString(self._page_x, self._page_y, vn_page_label(page, total))


# --- first-page blocks and body ---------------------------------------------------------


def _story(doc: ReleaseDocument) -> list[Flowable]:
    story: list[Flowable] = [
        admin_header(doc.agency, CONTENT_WIDTH),
        Spacer(1, 4 * mm),
        _approval_block(doc),
        Spacer(1, 6 * mm),
        para("THEO DÕI SỬA ĐỔI TÀI LIỆU", "caption"),
        Spacer(1, 2 * mm),
        _amendments(doc),
        Spacer(1, 4 * mm),
    ]
    for section in doc.sections:
        story += _section(section)
    if doc.records:
        story += [para("HỒ SƠ LƯU", "heading"), _records(doc.records)]
    return story


def _approval_block(doc: ReleaseDocument) -> Table:
    """Soạn thảo | Soát xét | Phê duyệt with name, signature and position (domain-vn §2.2)."""
    columns = _approval_columns(doc)
    rows: list[list[Any]] = [
        [""] + [para(title, "cell_head") for title, _ in APPROVAL_COLUMNS]
    ]
    rows.append(
        [para("Họ tên", "cell_head")]
        + [_stack(col, lambda a: a.name, "header_bold") for col in columns]
    )
    rows.append(
        [para("Chữ ký", "cell_head")]
        + [_stack(col, _signature_text, "cell_center") for col in columns]
    )
    rows.append(
        [para("Chức vụ", "cell_head")]
        + [_stack(col, lambda a: a.position, "cell_center") for col in columns]
    )
    first = 22 * mm
    rest = (CONTENT_WIDTH - first) / 3
    return Table(
        rows,
        colWidths=[first, rest, rest, rest],
        rowHeights=[None, None, 18 * mm, None],
        style=grid(valign="MIDDLE"),
    )


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
    approvals: list[Approval], text: Callable[[Approval], str], style_name: str
) -> list[Paragraph]:
    return [para(text(a), style_name) for a in approvals if text(a)]


def _amendments(doc: ReleaseDocument) -> Table:
    head = ("Lần ban hành", "Ngày", "Trang/Phần liên quan", "Mô tả nội dung sửa đổi")
    rows = [
        (a.release, format_date(a.date, language="vi"), a.sections, a.summary)
        for a in doc.amendments
    ] or [("—",) * 4]
    widths = (24 * mm, 24 * mm, 36 * mm, CONTENT_WIDTH - 84 * mm)
    return table(head, rows, widths)


def _section(section: Section) -> list[Flowable]:
    flowables: list[Flowable] = [para(section.heading, "heading")]
    flowables += [para(text, "body_justified") for text in section.paragraphs]
    if section.steps:
        head = ("Bước", "Nội dung", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả")
        rows = [
            (s.step, s.description, s.responsible, s.time_limit, s.forms)
            for s in section.steps
        ]
        widths = (13 * mm, CONTENT_WIDTH - 99 * mm, 32 * mm, 26 * mm, 28 * mm)
        flowables += [
            Spacer(1, 2 * mm),
            table(head, rows, widths),
            Spacer(1, 3 * mm),
        ]
    return flowables


def _records(records: list[RecordRow]) -> Table:
    rows = [(r.name, r.keeper, r.retention) for r in records]
    widths = (CONTENT_WIDTH - 80 * mm, 45 * mm, 35 * mm)
    return table(("Tên hồ sơ", "Người lưu", "Thời gian lưu"), rows, widths)
