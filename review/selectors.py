"""Reading a review for its screens and its minutes (a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from qms.lib.dates import format_date, format_signed_at
from qms.lib.history import printed_name
from qms.lib.review_inputs import CLAUSES
from qms.models import StaffProfile
from review.inputs import clause_title, data_range
from review.models import ManagementReview
from review.pdf import Minutes, MinutesAction


def _position(user: Any) -> str:
    profile = StaffProfile.objects.filter(user=user).select_related("position").first()
    return profile.position.name if profile and profile.position_id else ""


def minutes_data(
    review: ManagementReview, *, signed_at: dt.datetime, signer: Any
) -> Minutes:
    """The minutes as signed: meeting, discussion per input, decisions and actions."""
    with translation.override(settings.LANGUAGE_CODE):
        attendees = review.attendees.select_related("staff_profile").order_by("pk")
        actions = review.actions.select_related("owner__staff_profile").order_by("pk")
        assert review.held_on and review.data_start and review.data_end  # noqa: S101
        return Minutes(
            agency=review.agency.name,
            title=_("Minutes of the management review %(year)s")
            % {"year": review.year},
            held_on=_("Held on %(date)s") % {"date": format_date(review.held_on)},
            chair=printed_name(review.chair),
            chair_position=_position(review.chair),
            attendees=[printed_name(u) for u in attendees],
            guests=[g.strip() for g in review.guests.splitlines() if g.strip()],
            data_range=data_range(review.data_start, review.data_end),
            discussion=[
                (f"{clause_title(c)} (9.3.2 {c})", review.discussion[c])
                for c in CLAUSES
                if review.discussion.get(c)
            ],
            decisions=review.decisions,
            actions=[
                MinutesAction(
                    a.get_kind_display(),
                    a.description,
                    printed_name(a.owner),
                    format_date(a.due_on),
                )
                for a in actions
            ],
            signed_note=_("Signed with password by %(name)s at %(time)s")
            % {"name": printed_name(signer), "time": format_signed_at(signed_at)},
        )
