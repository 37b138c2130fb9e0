"""Dates and times as people read them: Django's localized formats, never ``strftime``.

``qms/formats/vi`` gives the Vietnamese administrative form (dd/mm/yyyy, "14:05 15/01/2026");
English falls back to Django's own formats. Documents whose layout is fixed Vietnamese (the
controlled copy, the audit report) pass ``language="vi"``; reports that follow the reader's
language leave it out.

A formatted date has no space inside, so it is one word to a line breaker; the PDF report
scaffold (``qms.lib.pdf.report``) also never cuts such a word in a narrow cell, which is how
"03/02/202 6" used to be printed across two lines.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import formats, timezone, translation

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
EMPTY = "—"


def _format(value: dt.date, name: str, language: str | None) -> str:
    if language is None:
        return formats.date_format(value, name)
    with translation.override(language):
        return formats.date_format(value, name)


def format_date(value: dt.date | None, *, language: str | None = None) -> str:
    """``SHORT_DATE_FORMAT`` in the active (or given) language: "03/02/2026" in Vietnamese."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return _format(value, "SHORT_DATE_FORMAT", language)


def format_datetime(
    value: dt.datetime | None,
    *,
    language: str | None = None,
    with_offset: bool = False,
) -> str:
    """``SHORT_DATETIME_FORMAT`` in local time: "14:05 03/02/2026" in Vietnamese.

    ``with_offset`` appends the UTC offset, e.g. "(GMT+07:00)", for signature times that
    must say which clock they were read from.
    """
    if value is None:
        return EMPTY
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = _format(local, "SHORT_DATETIME_FORMAT", language)
    if with_offset:
        text += f" ({_gmt_offset(local)})"
    return text


def format_signed_at(moment: dt.datetime) -> str:
    """Signature time (21 CFR 11.50) in Vietnam time, e.g. "14:05 15/01/2026 (GMT+7)".

    For the fixed-Vietnamese documents (controlled copy, audit report); a naive time is UTC.
    """
    aware = moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone(VN_TZ)
    return f"{_format(local, 'SHORT_DATETIME_FORMAT', 'vi')} (GMT+7)"


def _gmt_offset(local: dt.datetime) -> str:
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours:02d}:{rest:02d}"
