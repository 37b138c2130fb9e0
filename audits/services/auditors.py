"""Internal auditors' certificates (ISO 9001:2015 7.2 competence, 9.2.2 d; TCVN ISO 19011)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audits.models import Audit, AuditorCertificate, AuditSettings
from qms.lib.changes import record_change
from qms.lib.history import printed_name
from qms.scoping import agency_scope_for, user_roles

from .common import MANAGER_ROLES, is_auditor, no_permission, require


def may_keep_certificates(user: Any, auditor: Any = None) -> bool:
    """Quality officers and heads keep the certificates of their own agency's auditors."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user_roles(user) & MANAGER_ROLES:
        return False
    if auditor is None:
        return True
    from qms.models import StaffProfile

    agency_id = (
        StaffProfile.objects.filter(user=auditor)
        .values_list("agency_id", flat=True)
        .first()
    )
    writable = agency_scope_for(user).writable
    return writable is None or agency_id in writable


@transaction.atomic
def auditor_certificate_save(
    *, certificate: AuditorCertificate, user: Any, reason: str = ""
) -> AuditorCertificate:
    """Record or correct an internal auditor's certificate."""
    if certificate.auditor_id is None:
        raise ValidationError({"auditor": _("Choose the internal auditor.")})
    require(may_keep_certificates(user, certificate.auditor), no_permission())
    if not is_auditor(certificate.auditor):
        raise ValidationError(
            {
                "auditor": _(
                    "%(name)s is not an internal auditor; give them the internal auditor "
                    "role first."
                )
                % {"name": printed_name(certificate.auditor)}
            }
        )
    creating = certificate.pk is None
    default = (
        _("Auditor certificate recorded") if creating else _("Certificate corrected")
    )
    return record_change(certificate, user=user, reason=reason or default)


def certificate_warns_only() -> bool:
    """Whether the audit settings turn a missing certificate into a warning."""
    rule = AuditSettings.load().uncertified_auditor
    return rule == AuditSettings.CertificateRule.WARN


def uncertified_messages(*, audit: Audit, auditors: list[Any]) -> list[str]:
    """A message for every auditor without a certificate valid for the audit's dates."""
    start, end = audit.planned_start, audit.planned_end
    valid = Q(issued_on__lte=start) & (
        Q(expires_on__isnull=True) | Q(expires_on__gte=end)
    )
    certified = set(
        AuditorCertificate.objects.filter(
            valid, auditor__in=[a.pk for a in auditors]
        ).values_list("auditor_id", flat=True)
    )
    return [
        _(
            "%(name)s has no internal auditor certificate valid from %(start)s to "
            "%(end)s (ISO 9001:2015 7.2): record a valid certificate in “Auditor "
            "certificates” or choose another auditor."
        )
        % {
            "name": printed_name(auditor),
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }
        for auditor in auditors
        if auditor.pk not in certified
    ]
