"""The annual report's deadline reminder (TT 26/2014/TT-BKHCN: a report every year, R6).

From ``remind_days`` before the due date until the report is submitted, the heads and ISO
secretaries of an agency without a submitted report are reminded once a day through the
daily digest (qms.lib.digest: one e-mail and one in-app twin per person and day); a marker
per person, agency and day makes a second run on the same day send nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.digest import DigestItem, digests_send, render_item
from qms.roles import Role
from reporting.models import AnnualReport, ReportingSettings, ReportReminder

DIGEST = "reporting.digest"
RECIPIENT_ROLES = [Role.HEAD.value, Role.QUALITY_OFFICER.value]


def _items(on: dt.date, year: int, due: dt.date) -> Iterator[DigestItem]:
    submitted = AnnualReport.objects.filter(
        agency=OuterRef("staff_profile__agency"),
        year=year,
        status__in=[AnnualReport.Status.SUBMITTED, AnnualReport.Status.RECEIVED],
    )
    told = ReportReminder.objects.filter(
        agency=OuterRef("staff_profile__agency"),
        year=year,
        user=OuterRef("pk"),
        sent_on=on,
    )
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=RECIPIENT_ROLES,
            staff_profile__is_active=True,
        )
        .filter(~Exists(submitted), ~Exists(told))
        .select_related("staff_profile__agency")
        .distinct()
        .order_by("pk")
    )
    url = reverse("reporting_index")
    for user in people:
        agency = user.staff_profile.agency
        subject, text = render_item(
            "annual-report-reminder",
            {"year": year, "due": due, "agency": agency.name, "late": on > due},
        )
        yield DigestItem(
            recipient=user,
            subject=subject,
            text=text,
            url=f"{url}?year={year}",
            marker=ReportReminder(agency=agency, year=year, user=user, sent_on=on),
        )


def deadline_reminders_send(
    *, on: dt.date | None = None, budget_s: float | None = None
) -> int:
    """Remind heads and ISO secretaries whose agency has not submitted; once a day."""
    on = on or timezone.localdate()
    config = ReportingSettings.load()
    due = config.due_on(on.year)
    if on < due - dt.timedelta(days=config.remind_days):
        return 0
    run = digests_send(
        name=DIGEST,
        title=_("Annual ISO report to submit"),
        items=_items(on, on.year, due),
        on=on,
        list_url=reverse("reporting_index"),
        budget_s=budget_s,
    )
    return run.items
