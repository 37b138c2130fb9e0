"""The permission policy of each audits model (used by the viewsets and the custom views)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from audits.models import (
    Audit,
    AuditorCertificate,
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
from qms.roles import Role
from qms.scoping import (
    ChoiceScope,
    NoDeletePolicyMixin,
    agency_scope_for,
    register_choice_scope,
    user_roles,
)


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


class CertificatePermissionPolicy(NoDeletePolicyMixin, ModelPermissionPolicy):
    """Auditors' certificates (ISO 9001:2015 7.2): read by those who plan or oversee audits.

    Quality officers and heads of any agency read them (auditors come from other agencies,
    9.2.2 c) and keep those of their own agency's auditors; supervisors read them; an
    auditor reads their own. Certificates are evidence: corrected, never deleted.
    """

    MANAGERS = frozenset({Role.QUALITY_OFFICER, Role.HEAD})

    def __init__(self) -> None:
        super().__init__(AuditorCertificate)

    def user_has_permission(self, user: Any, action: str) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        roles = user_roles(user)
        if action == "view":
            return bool(roles & (self.MANAGERS | {Role.SUPERVISOR, Role.AUDITOR}))
        return action in ("add", "change") and bool(roles & self.MANAGERS)

    def _query(self, user: Any, action: str) -> Q | None:
        roles = user_roles(user)
        if user.is_superuser or (
            action == "view" and roles & (self.MANAGERS | {Role.SUPERVISOR})
        ):
            return None
        if action == "view":
            return Q(auditor=user.pk)
        writable = agency_scope_for(user).writable
        if writable is None:
            return None
        return Q(auditor__staff_profile__agency__in=list(writable))

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        if not self.user_has_permission(user, action):
            return False
        query = self._query(user, action)
        manager = self.model._default_manager
        return query is None or manager.filter(query, pk=instance.pk).exists()

    def instances_user_has_any_permission_for(
        self, user: Any, actions: list[str]
    ) -> QuerySet[Any]:
        manager = self.model._default_manager
        combined = Q(pk__in=[])
        for action in [a for a in actions if self.user_has_permission(user, a)]:
            query = self._query(user, action)
            if query is None:
                return manager.all()
            combined |= query
        return manager.filter(combined)


CERTIFICATE_POLICY = CertificatePermissionPolicy()


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
