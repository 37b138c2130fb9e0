"""Training PDFs: a session's sign-in sheet and a person's training record.

Both are evidence of competence and awareness kept on paper as well (ISO 9001:2015 7.2 d),
7.3): the sign-in sheet is printed, signed by hand and filed; the training record is what an
auditor asks for. Unlike the controlled copy of a release (documents/pdf_render.py), they
are reports, so their labels and dates follow the reader's language. Both are drawn on the
shared scaffold (``qms.lib.pdf.report``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from qms.lib.dates import format_date, format_datetime
from qms.lib.pdf.report import (
    Furniture,
    Metadata,
    PageSetup,
    Signature,
    admin_header,
    build_report,
    facts,
    para,
    signature_blocks,
    table,
    title_block,
)
from qms.models import StaffProfile
from training.models import Acknowledgment, Attendance, TrainingSession

PORTRAIT = PageSetup(size=A4)
LANDSCAPE = PageSetup(size=landscape(A4))
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
    width = PORTRAIT.width
    story: list[Flowable] = [
        facts(_session_facts(session), width),
        Spacer(1, 5 * mm),
        _sign_in_table([a.staff for a in attendances], width),
        Spacer(1, 8 * mm),
        signature_blocks(
            [
                Signature(role, note=_("(signature and full name)"))
                for role in (_("Trainer"), _("Organiser"))
            ],
            width,
            room=18 * mm,
        ),
    ]
    return _build(
        story,
        page=PORTRAIT,
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
    width = LANDSCAPE.width
    story: list[Flowable] = [
        facts(_staff_facts(staff), width),
        Spacer(1, 5 * mm),
        para(_("Training attended"), "heading"),
        _attendance_table(list(attendances), width),
        Spacer(1, 5 * mm),
        para(_("Documents read and understood"), "heading"),
        _acknowledgment_table(list(acknowledgments), width),
    ]
    return _build(
        story,
        page=LANDSCAPE,
        title=_("Training record"),
        subject=staff.full_name,
        agency=staff.agency.name,
    )


def _build(
    story: list[Flowable], *, page: PageSetup, title: str, subject: str, agency: str
) -> bytes:
    """The administrative header and title, then ``story``; print time and page x/y below."""
    printed = _("Printed by Một Cửa QMS on %(time)s") % {
        "time": vn_datetime(timezone.now())
    }
    furniture = Furniture(
        running_header=f"{agency.upper()} – {title.upper()}",
        footer_note=printed,
        page_label=_page_label,
    )
    return build_report(
        [admin_header(agency, page.width), *title_block(title), *story],
        metadata=Metadata(title=title, author=agency, subject=subject),
        page=page,
        furniture=furniture,
    )


def _page_label(page: int, total: int) -> str:
    return _("Page %(page)d/%(total)d") % {"page": page, "total": total}


# --- formatting -----------------------------------------------------------------------------


def vn_datetime(value: dt.datetime | None) -> str:
    """Local time with its UTC offset, e.g. 14:05 15/01/2026 (GMT+07:00): a signature time."""
    return format_datetime(value, with_offset=True)


def _date_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return format_date(start)
    return _("%(start)s to %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }


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
            _service_years(staff),
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
    return format_date(until) if until else _("No expiry")


# --- building blocks ------------------------------------------------------------------------


def _none_row(columns: int) -> list[Row]:
    return [["", _("None"), *[""] * (columns - 2)]]


def _sign_in_table(people: list[StaffProfile], width: float) -> Table:
    head = (_("No."), _("Full name"), _("Job position"), _("Work unit"), _("Signature"))
    rows: list[Row] = [
        (str(n), p.full_name, p.position.name, _unit_name(p), "")
        for n, p in enumerate(people, start=1)
    ]
    rows += [(str(n), "", "", "", "") for n in range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS)]  # fmt: skip
    widths = (12 * mm, 50 * mm, 40 * mm, width - 142 * mm, 40 * mm)
    return table(
        head,
        rows,
        widths,
        center_first=True,
        row_height=SIGN_ROW_HEIGHT,
        valign="MIDDLE",
    )


def _attendance_table(attendances: list[Attendance], width: float) -> Table:
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
    return table(head, rows, widths, center_first=True, valign="MIDDLE")


def _acknowledgment_table(acks: list[Acknowledgment], width: float) -> Table:
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
            format_date(a.assigned_at),
            format_date(a.due_date),
            str(a.get_status_display()),
            vn_datetime(a.signed_at),
            (a.signed_hash or a.content_hash)[:HASH_PREFIX],
        )
        for n, a in enumerate(acks, start=1)
    ] or _none_row(len(head))
    fixed = (12, 26, 20, 24, 24, 26, 38, 32)
    widths = [w * mm for w in fixed]
    widths.insert(2, width - sum(widths))
    return table(head, rows, widths, center_first=True, valign="MIDDLE")


def _service_years(staff: Any) -> str:
    years = staff.years_of_service()
    return ngettext(
        "%(date)s (%(years)d year of service)",
        "%(date)s (%(years)d years of service)",
        years,
    ) % {"date": format_date(staff.service_start), "years": years}
