"""Services of the annual ISO report: generate, edit, sign and submit, receive.

Every change goes through here with its history (user, reason). The agency's ISO secretary
and head generate and edit the draft (writable agency scope); only a head signs and submits,
with the password (qms.lib.signing); only an account holding ``reporting.receive_annualreport``
(the Sở KH&CN, which TT 26/2014/TT-BKHCN makes the recipient) marks it received. A refused
change leaves the report as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms.exceptions import TransitionError
from qms.lib.annual_report import SECTIONS, ReportSection, collect
from qms.lib.changes import record_change
from qms.lib.history import printed_name
from qms.lib.signing import require_password
from qms.models import Agency
from qms.roles import Role
from qms.scoping import agency_scope_for, granted_agency_ids, user_roles
from reporting.models import AnnualReport, ReportingSettings

MANAGER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})
READER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD, Role.SUPERVISOR})
RECEIVE_PERMISSION = "reporting.receive_annualreport"
SIGN_FAILED = "reporting.report.sign_failed"
NARRATIVE = ("number", "difficulties", "proposals", "assessment")
Status = AnnualReport.Status


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may_read_reports(user: Any) -> bool:
    """Who opens the register at all (which reports: the agency scope decides)."""
    if not _active(user):
        return False
    return bool(_reads_by_role(user) or granted_agency_ids(user))


def _reads_by_role(user: Any) -> bool:
    return bool(
        user.is_superuser
        or user_roles(user) & READER_ROLES
        or user.has_perm(RECEIVE_PERMISSION)
    )


def readable_report_agencies(user: Any) -> frozenset[int] | None:
    """Agencies whose reports the user reads (``None``: every agency).

    Readers by role read their agency scope; an inspection team only the inspected
    agencies while the inspection runs (QĐ 19/2014 art. 9; qms.scoping read grants).
    """
    if not _active(user):
        return frozenset()
    if _reads_by_role(user):
        return agency_scope_for(user).readable
    return granted_agency_ids(user)


def may_manage(user: Any, agency_id: int | None) -> bool:
    """An ISO secretary or head whose writable scope holds the agency, or a superuser."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not user_roles(user) & MANAGER_ROLES:
        return False
    writable = agency_scope_for(user).writable
    return writable is None or agency_id in writable


def may_generate(user: Any) -> bool:
    """Whether the user prepares some agency's report (the generate form is shown)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & MANAGER_ROLES and agency_scope_for(user).writable)


def may_sign(user: Any, agency_id: int | None) -> bool:
    """The head of the agency (Lãnh đạo) signs the report; a superuser is no head."""
    if not _active(user) or Role.HEAD not in user_roles(user):
        return False
    writable = agency_scope_for(user).writable
    return writable is not None and agency_id in writable


def may_receive(user: Any) -> bool:
    return _active(user) and user.has_perm(RECEIVE_PERMISSION)


def due_on(year: int) -> dt.date:
    return ReportingSettings.load().due_on(year)


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def _require_status(report: AnnualReport, *allowed: str) -> None:
    if report.status not in allowed:
        raise TransitionError(
            _("This is not possible while the report is %(status)s.")
            % {"status": report.get_status_display().lower()}
        )


def _placeholder(key: str) -> ReportSection:
    """A section of the form no app contributed: printed with its heading, to complete."""
    from reporting.texts import section_title

    return ReportSection(
        key=key,
        title=section_title(key),
        summary=[_("No data recorded in the system for this section.")],
    )


def frozen_sections(agency: Agency, year: int) -> list[dict[str, Any]]:
    """Every section of the form, from live data, as plain data to keep."""
    # Frozen in Vietnamese, the language of the report, whatever the screen language.
    with translation.override("vi"):
        found = collect(agency, year)
        found += [_placeholder(k) for k in SECTIONS if k not in {s.key for s in found}]
    order = {key: rank for rank, key in enumerate(SECTIONS)}
    found.sort(key=lambda s: order.get(s.key, len(order)))
    return [asdict(section) for section in found]


def report_generate(
    *, agency: Agency, year: int, user: Any, at: dt.datetime | None = None
) -> AnnualReport:
    """Generate (or regenerate) the draft of ``agency``'s report for ``year``.

    ``at`` dates a report prepared earlier (the demo's past year); never ahead.
    """
    if not may_manage(user, agency.pk):
        raise PermissionDenied(_("You do not have permission to do this."))
    if year > timezone.localdate().year:
        raise ValidationError(_("A report cannot be generated for a year to come."))
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update()
            .filter(agency=agency, year=year)
            .first()
        )
        if report is None:
            report = AnnualReport(agency=agency, year=year, due_on=due_on(year))
            reason = _("Annual report generated")
        else:
            _require_status(report, Status.DRAFT)
            reason = _("Annual report regenerated from current data")
        report.sections = frozen_sections(agency, year)
        report.generated_at = min(at or timezone.now(), timezone.now())
        return record_change(report, user=user, reason=reason)


def report_edit(
    *, report: AnnualReport, user: Any, values: dict[str, str]
) -> AnnualReport:
    """Edit the narrative parts and the number of a draft."""
    if not may_manage(user, report.agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        report = _lock(report)
        _require_status(report, Status.DRAFT)
        for name in NARRATIVE:
            if name in values:
                setattr(report, name, (values[name] or "").strip())
        return record_change(report, user=user, reason=_("Narrative edited"))


def content_hash(report: AnnualReport) -> str:
    """SHA-256 of what the head signs: the frozen sections and the narrative parts."""
    payload = {
        "agency": report.agency_id,
        "year": report.year,
        "sections": report.sections,
        **{name: getattr(report, name) for name in NARRATIVE},
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _position(user: Any) -> str:
    profile = getattr(user, "staff_profile", None)
    return str(profile.position.name) if profile and profile.position_id else ""


def report_submit(
    *, report: AnnualReport, user: Any, password: str, at: dt.datetime | None = None
) -> AnnualReport:
    """The head signs with the password and submits the report; it no longer changes.

    ``at`` records a report handed in on paper earlier (the demo's past years); a signature
    is never dated ahead.
    """
    if not may_sign(user, report.agency_id):
        raise PermissionDenied(
            _("Only the head of the agency signs the annual report.")
        )
    _require_status(AnnualReport.objects.get(pk=report.pk), Status.DRAFT)
    # Outside the transaction: a refused signature's log entry must survive.
    require_password(
        user=user, password=password, instance=report, failed_action=SIGN_FAILED
    )
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError(_("A signature cannot be dated ahead."))
    with transaction.atomic():
        report = _lock(report)
        _require_status(report, Status.DRAFT)
        if not report.sections:
            raise TransitionError(_("Generate the report before submitting it."))
        report.content_sha256 = content_hash(report)
        report.submitted_at, report.submitted_by = at or now, user
        report.signer_name, report.signer_position = printed_name(user), _position(user)
        report.status = Status.SUBMITTED
        return record_change(
            report,
            user=user,
            reason=_("Signed by the head and submitted"),
            action="reporting.report.submit",
        )


def report_receive(
    *, report: AnnualReport, user: Any, at: dt.datetime | None = None
) -> AnnualReport:
    """The Sở KH&CN acknowledges receipt of a submitted report."""
    if not may_receive(user):
        raise PermissionDenied(
            _("Only the Department of Science and Technology marks reports received.")
        )
    with transaction.atomic():
        report = _lock(report)
        _require_status(report, Status.SUBMITTED)
        report.received_at, report.received_by = at or timezone.now(), user
        report.status = Status.RECEIVED
        return record_change(
            report,
            user=user,
            reason=_("Received by the Department of Science and Technology"),
            action="reporting.report.receive",
        )
