"""Who sees which audit record: qms.scoping's agency scope, plus assignments.

Quality officers, heads and supervisors see by agency (``qms.scoping.agency_scope_for``:
the one scoping mechanism). Auditors and staff are not given their agency's audit records
wholesale: auditors see the audits they are on (and the nonconformities raised in them or
that they verify), staff the nonconformities and actions they are responsible for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from qms.roles import Role
from qms.scoping import (
    AgencyScopedPermissionPolicy,
    agency_scope_for,
    granted_agency_ids,
    user_roles,
)

AGENCY_WIDE_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD, Role.SUPERVISOR})

# Per model: lookups to the agency, lookups to the users assigned to a record.
AUDIT_USERS = ("lead_auditor", "team")
NC_USERS = (
    "owner",
    "actions__owner",
    "verified_by",
    "verifier",
    "audit__lead_auditor",
    "audit__team",
)
ACTION_USERS = ("owner", "nonconformity__owner", "nonconformity__verified_by")


def agency_ids_for(user: Any, action: str) -> frozenset[int] | None:
    """Agencies whose audit records the user reaches by role; ``None`` means all."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    if not (user_roles(user) & AGENCY_WIDE_ROLES):
        # An external inspection's team reads the inspected agencies' audit records while
        # the inspection runs (a temporary grant of qms.scoping), and never writes them.
        return granted_agency_ids(user) if action == "view" else frozenset()
    return agency_scope_for(user).ids_for(action)


def audit_record_q(
    user: Any,
    action: str,
    *,
    agency_lookups: tuple[str, ...],
    user_lookups: tuple[str, ...],
    shared_lookup: str | None = None,
) -> Q | None:
    """The filter for records ``user`` may act on; ``None`` means no filter at all."""
    ids = agency_ids_for(user, action)
    if ids is None:
        return None
    query = Q(pk__in=[])
    for lookup in agency_lookups:
        query |= Q(**{f"{lookup}__in": list(ids)})
    # Assignments give reading access only; writes go through services that check roles.
    if action == "view":
        for lookup in user_lookups:
            query |= Q(**{lookup: user.pk})
        if shared_lookup:
            query |= Q(**{f"{shared_lookup}__isnull": True})
    return query


class AuditRecordPermissionPolicy(AgencyScopedPermissionPolicy):
    """Model permission + (agency scope by role, or assignment to the record)."""

    def __init__(
        self,
        model: type[Model],
        *,
        agency_lookups: tuple[str, ...],
        user_lookups: tuple[str, ...] = (),
        shared_lookup: str | None = None,
    ) -> None:
        super().__init__(model, agency_lookups=agency_lookups)
        self.user_lookups = user_lookups
        self.shared_lookup = shared_lookup

    def _query(self, user: Any, action: str) -> Q | None:
        return audit_record_q(
            user,
            action,
            agency_lookups=self.agency_lookups,
            user_lookups=self.user_lookups,
            shared_lookup=self.shared_lookup,
        )

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Model
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
        allowed = [a for a in actions if self.user_has_permission(user, a)]
        if not allowed:
            return manager.none()
        combined = Q(pk__in=[])
        for action in allowed:
            query = self._query(user, action)
            if query is None:
                return manager.all()
            combined |= query
        # A pk subquery instead of .distinct(): the M2M joins may repeat rows.
        return manager.filter(pk__in=manager.filter(combined).values("pk"))
