"""Training PDFs: a session's sign-in sheet and a person's training record.

Both are evidence of competence and awareness kept on paper as well (ISO 9001:2015 7.2 d),
7.3): the sign-in sheet is printed, signed by hand and filed; the training record is what an
auditor asks for. Unlike the controlled copy of a release (documents/pdf/render.py), they
are reports, so their labels follow the reader's language through gettext.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
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

from documents.pdf.fonts import register_fonts
from documents.pdf.render import GRID, SHADE
from documents.pdf.text import nfc
from qms.models import StaffProfile
from training.models import Acknowledgment, Attendance, TrainingSession

MARGIN = 15 * mm
HEADER_HEIGHT = 20 * mm
FOOTER_HEIGHT = 10 * mm
# Rows left empty on the sign-in sheet for people who come without being registered.
BLANK_ROWS = 5
SIGN_ROW_HEIGHT = 11 * mm
HASH_PREFIX = 12

Row = Sequence[Any]


# --- public API ---------------------------------------------------------------------------


def session_sign_in_sheet(session: TrainingSession) -> bytes:
    """Printable sign-in sheet of one session: registered attendees plus blank rows."""
    attendances = (
        session.attendances.filter(correction__isnull=True)
        .select_related("staff__position", "staff__receiving_unit", "staff__agency")
        .order_by("staff__full_name", "pk")
    )
    styles = _styles()
    story: list[Flowable] = [
        _p(_("Training sign-in sheet").upper(), styles["title"]),
        Spacer(1, 3 * mm),
        _facts(_session_facts(session), styles, A4[0] - 2 * MARGIN),
        Spacer(1, 5 * mm),
        _sign_in_table([a.staff for a in attendances], styles),
        Spacer(1, 8 * mm),
        _signatures((_("Trainer"), _("Organiser")), styles, A4[0] - 2 * MARGIN),
    ]
    return _build(
        story,
        pagesize=A4,
        title=_("Training sign-in sheet"),
        subject=str(session.course),
        agency=session.agency.name,
    )


def staff_training_record(
    staff: StaffProfile,
    acknowledgments: Iterable[Acknowledgment],
    attendances: Iterable[Attendance],
) -> bytes:
    """A person's training record ("Hồ sơ đào tạo"): training attended, documents read.

    ``attendances`` should be the records in effect (no correction) with
    ``session__course`` selected, ``acknowledgments`` with ``release`` selected.
    """
    styles = _styles()
    width = landscape(A4)[0] - 2 * MARGIN
    story: list[Flowable] = [
        _p(_("Training record").upper(), styles["title"]),
        Spacer(1, 3 * mm),
        _facts(_staff_facts(staff), styles, width),
        Spacer(1, 5 * mm),
        _p(_("Training attended"), styles["heading"]),
        _attendance_table(list(attendances), styles, width),
        Spacer(1, 5 * mm),
        _p(_("Documents read and understood"), styles["heading"]),
        _acknowledgment_table(list(acknowledgments), styles, width),
    ]
    return _build(
        story,
        pagesize=landscape(A4),
        title=_("Training record"),
        subject=staff.full_name,
        agency=staff.agency.name,
    )


# --- formatting -----------------------------------------------------------------------------


def vn_date(value: dt.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def vn_datetime(value: dt.datetime | None) -> str:
    """Local time with its UTC offset, e.g. 14:05 15/01/2026 (GMT+07:00): a signature time."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    offset = local.strftime("%z")
    return f"{local:%d/%m/%Y %H:%M} (GMT{offset[:3]}:{offset[3:]})"


def _date_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return vn_date(start)
    return _("%(start)s to %(end)s") % {"start": vn_date(start), "end": vn_date(end)}


def _hours(value: Any) -> str:
    # Decimal("8.0") prints as 8, Decimal("1.5") as 1,5 (Vietnamese decimal comma).
    return f"{value.normalize():f}".replace(".", ",")


def _unit_name(staff: StaffProfile) -> str:
    unit = staff.receiving_unit
    return unit.name if unit is not None else staff.agency.name


def _session_facts(session: TrainingSession) -> list[tuple[str, str]]:
    return [
        (_("Course"), session.course.title),
        (_("Dates"), _date_range(session.starts_on, session.ends_on)),
        (_("Hours"), _hours(session.course.hours)),
        (_("Place"), session.place),
        (_("Trainer"), session.trainer),
        (_("Organising agency"), session.agency.name),
    ]


def _staff_facts(staff: StaffProfile) -> list[tuple[str, str]]:
    return [
        (_("Full name"), staff.full_name),
        (_("Position"), staff.position.name),
        (_("Work unit"), _unit_name(staff)),
        (_("Agency"), staff.agency.name),
        (
            _("Service start date"),
            _("%(date)s (%(years)d years of service)")
            % {
                "date": vn_date(staff.service_start),
                "years": staff.years_of_service(),
            },
        ),
    ]


def _attendance_result(attendance: Attendance) -> str:
    if not attendance.present:
        return _("Absent")
    return str(attendance.get_result_display())


def _valid_until(attendance: Attendance) -> str:
    if not attendance.counts:
        return "—"
    until = attendance.valid_until()
    return vn_date(until) if until else _("No expiry")


# --- building blocks ------------------------------------------------------------------------


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    body = ParagraphStyle("tr_body", fontName=regular, fontSize=10.5, leading=14)
    cell = ParagraphStyle("tr_cell", parent=body, fontSize=9, leading=11.5)
    return {
        "body": body,
        "title": ParagraphStyle(
            "tr_title",
            parent=body,
            fontName=bold,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
        "heading": ParagraphStyle(
            "tr_heading", parent=body, fontName=bold, spaceBefore=2, spaceAfter=4
        ),
        "label": ParagraphStyle("tr_label", parent=body, fontName=bold),
        "cell": cell,
        "cell_center": ParagraphStyle("tr_cc", parent=cell, alignment=TA_CENTER),
        "cell_head": ParagraphStyle(
            "tr_ch", parent=cell, fontName=bold, alignment=TA_CENTER
        ),
        "header": ParagraphStyle(
            "tr_header", parent=cell, fontName=bold, alignment=TA_CENTER, leading=12
        ),
        "footer": ParagraphStyle("tr_footer", parent=cell, fontSize=8),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a Paragraph: NFC (reportlab misplaces combining marks), markup escaped."""
    return Paragraph(escape(nfc(text)).replace("\n", "<br/>"), style)


def _grid(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            *extra,
        ]
    )


def _table(
    head: Sequence[str],
    rows: Sequence[Row],
    widths: Sequence[float],
    styles: dict[str, ParagraphStyle],
    row_height: float | None = None,
) -> Table:
    """A bordered table whose heading repeats on every page; the first column is centred."""
    data: list[list[Any]] = [[_p(text, styles["cell_head"]) for text in head]]
    for row in rows:
        first, *rest = row
        data.append(
            [_p(first, styles["cell_center"])]
            + [_p(text, styles["cell"]) for text in rest]
        )
    heights = [None] + [row_height] * len(rows) if row_height else None
    return Table(
        data, colWidths=list(widths), rowHeights=heights, repeatRows=1, style=_grid()
    )


def _none_row(columns: int) -> list[Row]:
    return [["", _("None"), *[""] * (columns - 2)]]


def _facts(
    facts: list[tuple[str, str]], styles: dict[str, ParagraphStyle], width: float
) -> Table:
    """Label: value lines without borders (course and dates, or the person's details)."""
    rows = [
        [_p(f"{label}:", styles["label"]), _p(value, styles["body"])]
        for label, value in facts
    ]
    return Table(
        rows,
        colWidths=[45 * mm, width - 45 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
    )  # fmt: skip


def _sign_in_table(
    people: list[StaffProfile], styles: dict[str, ParagraphStyle]
) -> Table:
    head = (_("No."), _("Full name"), _("Job position"), _("Work unit"), _("Signature"))
    rows: list[Row] = [
        (str(n), p.full_name, p.position.name, _unit_name(p), "")
        for n, p in enumerate(people, start=1)
    ]
    rows += [(str(n), "", "", "", "") for n in range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS)]  # fmt: skip
    width = A4[0] - 2 * MARGIN
    widths = (12 * mm, 50 * mm, 40 * mm, width - 142 * mm, 40 * mm)
    return _table(head, rows, widths, styles, row_height=SIGN_ROW_HEIGHT)


def _attendance_table(
    attendances: list[Attendance], styles: dict[str, ParagraphStyle], width: float
) -> Table:
    head = (_("No."), _("Course"), _("Dates"), _("Hours"), _("Result"), _("Valid until"))  # fmt: skip
    rows: list[Row] = [
        (
            str(n),
            a.session.course.title,
            _date_range(a.session.starts_on, a.session.ends_on),
            _hours(a.session.course.hours),
            _attendance_result(a),
            _valid_until(a),
        )
        for n, a in enumerate(attendances, start=1)
    ] or _none_row(len(head))
    widths = (12 * mm, width - 162 * mm, 50 * mm, 18 * mm, 42 * mm, 40 * mm)
    return _table(head, rows, widths, styles)


def _acknowledgment_table(
    acks: list[Acknowledgment], styles: dict[str, ParagraphStyle], width: float
) -> Table:
    head = (
        _("No."),
        _("Document code"),
        _("Title"),
        _("Release"),
        _("Assigned"),
        _("Due"),
        _("Status"),
        _("Signed at"),
        _("Content hash"),
    )
    rows: list[Row] = [
        (
            str(n),
            a.release.code,
            a.release.title,
            a.release.number_label,
            vn_date(timezone.localdate(a.assigned_at)),
            vn_date(a.due_date),
            str(a.get_status_display()),
            vn_datetime(a.signed_at),
            (a.signed_hash or a.content_hash)[:HASH_PREFIX],
        )
        for n, a in enumerate(acks, start=1)
    ] or _none_row(len(head))
    fixed = (10, 26, 20, 24, 24, 26, 38, 32)
    widths = [w * mm for w in fixed]
    widths.insert(2, width - sum(widths))
    return _table(head, rows, widths, styles)


def _signatures(
    roles: Sequence[str], styles: dict[str, ParagraphStyle], width: float
) -> Table:
    """Signature boxes under the list: a role, "(signature, full name)", room to sign."""
    cells = [[_p(role, styles["cell_head"]), _p(_("(signature and full name)"), styles["cell_center"])] for role in roles]  # fmt: skip
    return Table(
        [cells],
        colWidths=[width / len(roles)] * len(roles),
        rowHeights=[28 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )


# --- page frame: header and footer ----------------------------------------------------------


def _build(
    story: list[Flowable],
    *,
    pagesize: tuple[float, float],
    title: str,
    subject: str,
    agency: str,
) -> bytes:
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=nfc(title),
        author=nfc(agency),
        subject=nfc(subject),
        creator="Một Cửa QMS",
    )
    frame = Frame(
        MARGIN,
        MARGIN + FOOTER_HEIGHT,
        pagesize[0] - 2 * MARGIN,
        template.height,
        leftPadding=0,
        rightPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    draw = functools.partial(
        _draw_frame,
        pagesize=pagesize,
        agency=agency,
        title=title,
        printed=vn_datetime(timezone.now()),
    )
    template.build(story, canvasmaker=functools.partial(_PagedCanvas, draw=draw))
    return buffer.getvalue()


def _draw_frame(
    canvas: Canvas,
    page: int,
    total: int,
    *,
    pagesize: tuple[float, float],
    agency: str,
    title: str,
    printed: str,
) -> None:
    """Header (agency | report title) and footer (print time | page x/y) of one page."""
    styles = _styles()
    width = pagesize[0] - 2 * MARGIN
    header = Table(
        [[_p(agency.upper(), styles["header"]), _p(title.upper(), styles["header"])]],
        colWidths=[width * 0.4, width * 0.6],
        rowHeights=[HEADER_HEIGHT - 4 * mm],
        style=_grid([("BACKGROUND", (0, 0), (-1, 0), None)]),
    )
    header.wrapOn(canvas, width, HEADER_HEIGHT)
    header.drawOn(canvas, MARGIN, pagesize[1] - MARGIN - HEADER_HEIGHT + 4 * mm)
    footer = styles["footer"]
    canvas.setFont(footer.fontName, footer.fontSize)
    canvas.drawString(
        MARGIN, MARGIN, nfc(_("Printed by Một Cửa QMS on %(time)s") % {"time": printed})
    )
    canvas.drawRightString(
        pagesize[0] - MARGIN,
        MARGIN,
        nfc(_("Page %(page)d/%(total)d") % {"page": page, "total": total}),
    )


class _PagedCanvas(Canvas):
    """Defers each page until the end, so every page can say "page x/y"."""

    def __init__(
        self, *args: Any, draw: Callable[[Canvas, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._draw = draw
        self._deferred: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._deferred.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._deferred)
        for number, state in enumerate(self._deferred, start=1):
            self.__dict__.update(state)
            self._draw(self, number, total)
            super().showPage()
        super().save()
