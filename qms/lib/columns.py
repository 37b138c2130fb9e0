"""Listing columns that read as Vietnamese records: absolute dates, Có/Không, "—" when empty.

Wagtail's ``DateColumn`` prints relative times ("6 tháng trước", and "Vừa xong" for a date in
the future); a register is a record, so it shows the date itself (issue 13 part 7).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column

EMPTY = "—"


def absolute_date(value: Any) -> str:
    """dd/mm/yyyy for a date, dd/mm/yyyy hh:mm (local time) for a timestamp, else "—"."""
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return EMPTY


def yes_no(value: Any) -> str:
    """Có/Không for a boolean, "—" for an unknown one; never "True", "False" or "None"."""
    if value is None:
        return EMPTY
    return _("Yes") if value else _("No")


class AbsoluteDateColumn(Column):
    """A date or timestamp column printed in the locale's short format."""

    def get_value(self, instance: Any) -> str:
        return absolute_date(super().get_value(instance))


class YesNoColumn(Column):
    """A boolean column printed as Có/Không."""

    def get_value(self, instance: Any) -> str:
        return yes_no(super().get_value(instance))


class PersonColumn(Column):
    """A user shown by their full name ("Nguyễn Thị Thu Hà"), never the username.

    Join ``<field>__staff_profile`` in the listing's queryset: one query for all rows.
    """

    def get_value(self, instance: Any) -> str:
        from qms.lib.history import printed_name

        user = super().get_value(instance)
        return printed_name(user) if user is not None else EMPTY
