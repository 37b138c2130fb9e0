"""The permission policy of each audits model (used by the viewsets and the custom views)."""

from __future__ import annotations

from audits.models import (
    Audit,
    AuditProgramme,
    ChecklistTemplate,
    CorrectiveAction,
    Nonconformity,
)
from audits.scoping import (
    ACTION_USERS,
    AUDIT_USERS,
    NC_USERS,
    AuditRecordPermissionPolicy,
)
from qms.scoping import NoDeletePolicyMixin


class EvidencePermissionPolicy(NoDeletePolicyMixin, AuditRecordPermissionPolicy):
    """Nonconformities (citizen complaints included) and actions: cancelled, never deleted."""


AUDIT_POLICY = AuditRecordPermissionPolicy(
    Audit, agency_lookups=("agency",), user_lookups=AUDIT_USERS
)
PROGRAMME_POLICY = AuditRecordPermissionPolicy(
    AuditProgramme,
    agency_lookups=("agency", "agencies_in_scope"),
    user_lookups=("audits__lead_auditor", "audits__team"),
)
TEMPLATE_POLICY = AuditRecordPermissionPolicy(
    ChecklistTemplate, agency_lookups=("agency",), shared_lookup="agency"
)
NC_POLICY = EvidencePermissionPolicy(
    Nonconformity, agency_lookups=("agency",), user_lookups=NC_USERS
)
ACTION_POLICY = EvidencePermissionPolicy(
    CorrectiveAction,
    agency_lookups=("nonconformity__agency",),
    user_lookups=ACTION_USERS,
)
