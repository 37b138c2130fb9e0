"""The permission policy of each audits model (used by the viewsets and the custom views)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

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
from qms.scoping import ChoiceScope, NoDeletePolicyMixin, register_choice_scope


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


def _visible_to(policy: AuditRecordPermissionPolicy) -> ChoiceScope:
    def scope(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        visible = policy.instances_user_has_permission_for(user, "view")
        return queryset.filter(pk__in=visible.values("pk"))

    return scope


# Choices and listing filters offer only what the user may read (AC-03).
register_choice_scope("audits.Audit", _visible_to(AUDIT_POLICY))
register_choice_scope("audits.AuditProgramme", _visible_to(PROGRAMME_POLICY))
register_choice_scope("audits.ChecklistTemplate", _visible_to(TEMPLATE_POLICY))
register_choice_scope("audits.Nonconformity", _visible_to(NC_POLICY))
register_choice_scope("audits.CorrectiveAction", _visible_to(ACTION_POLICY))
