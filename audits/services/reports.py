"""Audit report: signatures by password re-entry, then the closed audit's PDF with its SHA-256."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from audits import pdf
from audits.models import Audit, AuditItem, AuditSignature
from qms.lib.changes import record_change
from qms.lib.dates import format_date, format_signed_at
from qms.models import StaffProfile
from qms.roles import Role
from qms.scoping import user_roles

from .common import is_agency_manager, lock, require, require_status

logger = logging.getLogger("audits.signing")


def _name_and_position(user: Any) -> tuple[str, str]:
    profile = StaffProfile.objects.filter(user=user).select_related("position").first()
    if profile is not None:
        return profile.full_name, profile.position.name
    return user.get_full_name() or user.get_username(), ""


def report_data(audit: Audit, *, with_status: bool = True) -> pdf.AuditReport:
    """Everything the report shows, read in a fixed number of queries.

    Without ``with_status`` it is the content a signature covers: the nonconformities'
    progress after signing must not invalidate the signatures.
    """
    items = list(audit.items.select_related("clause").order_by("sort_order", "pk"))
    labels = pdf.RESULT_VI
    counts = [
        (labels[value], sum(1 for i in items if i.result == value))
        for value in AuditItem.Result.values
    ]
    findings = [
        pdf.FindingRow(i.clause.number, i.question, labels[i.result], i.evidence)
        for i in items
        if i.result
        in (
            AuditItem.Result.MAJOR,
            AuditItem.Result.MINOR,
            AuditItem.Result.OBSERVATION,
        )
    ]
    ncs = [
        (nc.code, nc.title, pdf.NC_STATUS_VI[nc.status] if with_status else "")
        for nc in audit.nonconformities.order_by("sequence")
    ]
    team = [_name_and_position(audit.lead_auditor)[0] + " (Trưởng đoàn)"]
    team += [_name_and_position(u)[0] for u in audit.team.order_by("pk")]
    return pdf.AuditReport(
        agency=str(audit.programme.agency),
        code=audit.code,
        auditee=audit.auditee_label,
        scope=audit.scope,
        criteria=audit.criteria,
        team=team,
        dates=(
            f"{format_date(audit.planned_start, language='vi')} – "
            f"{format_date(audit.planned_end, language='vi')}"
        ),
        conclusion=audit.conclusion,
        counts=counts,
        findings=findings,
        nonconformities=ncs,
    )


def report_hash(audit: Audit) -> str:
    """SHA-256 of the report content a signature covers."""
    canonical = json.dumps(
        dataclasses.asdict(report_data(audit, with_status=False)),
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def can_sign(audit: Audit, user: Any, meaning: str) -> bool:
    if meaning == AuditSignature.Meaning.LEAD_AUDITOR:
        return audit.lead_auditor_id == user.pk
    return Role.HEAD in user_roles(user) and is_agency_manager(user, audit.agency_id)


@transaction.atomic
def audit_report_sign(
    *, audit: Audit, user: Any, password: str, meaning: str
) -> AuditSignature:
    """Sign the report by re-entering the password (as for documents); nothing else signs."""
    audit = lock(audit)
    if not user.check_password(password):
        logger.warning(
            "Failed audit report signature by %s on audit %s", user.username, audit.pk
        )
        log(instance=audit, action="audits.signature.failed", user=user)
        raise PermissionDenied(_("The password is wrong, so nothing was signed."))
    require(
        can_sign(audit, user, meaning),
        _("You may not sign this report in this capacity."),
    )
    require_status(
        audit,
        (Audit.Status.REPORTING,),
        _("Only a report being prepared can be signed."),
    )
    name, position = _name_and_position(user)
    try:
        with transaction.atomic():
            signature = AuditSignature(
                audit=audit,
                meaning=meaning,
                signer=user,
                printed_name=name,
                position=position,
                content_hash=report_hash(audit),
            )
            # No validation: the unique constraint refuses a second signature in this
            # capacity with the message below, and holds when two people sign at once.
            # No log entry of its own: the audit's "signed" entry below names it.
            record_change(
                signature,
                user=user,
                reason=_("Report signed"),
                validate=False,
                action=None,
            )
    except IntegrityError:
        raise ValidationError(
            _("This report has already been signed in this capacity.")
        ) from None
    log(instance=audit, action="audits.signature.sign", user=user)
    return signature


@transaction.atomic
def audit_close(*, audit: Audit, user: Any) -> Audit:
    """Close a signed audit: render the report PDF and store it with its SHA-256."""
    audit = lock(audit)
    require(
        audit.lead_auditor_id == user.pk or is_agency_manager(user, audit.agency_id),
        _(
            "Only the audit team leader or the agency's ISO secretary can close the audit."
        ),
    )
    require_status(
        audit, (Audit.Status.REPORTING,), _("Only an audit in reporting can be closed.")
    )
    signatures = {s.meaning: s for s in audit.signatures.all()}
    if set(signatures) != set(AuditSignature.Meaning.values):
        raise ValidationError(
            _(
                "The audit team leader and the head of the auditee must both sign the report first."
            )
        )
    current = report_hash(audit)
    if any(s.content_hash != current for s in signatures.values()):
        raise ValidationError(
            _("The report changed after it was signed; it must be signed again.")
        )
    data = dataclasses.replace(
        report_data(audit),
        signatures=[
            pdf.SignatureBlock(
                role=pdf.SIGNER_VI[m],
                name=signatures[m].printed_name,
                position=signatures[m].position,
                signed_at=format_signed_at(signatures[m].signed_at),
            )
            for m in AuditSignature.Meaning.values
        ],
    )
    content = pdf.render_audit_report(data)
    audit.report_pdf.save(f"bao-cao-{audit.code}.pdf", ContentFile(content), save=False)
    audit.report_sha256 = hashlib.sha256(content).hexdigest()
    audit.status, audit.closed_at = Audit.Status.CLOSED, timezone.now()
    return record_change(
        audit,
        user=user,
        reason=_("Audit closed"),
        update_fields=["report_pdf", "report_sha256", "status", "closed_at"],
        action="audits.audit.close",
    )
