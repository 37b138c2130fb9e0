"""Who sees which inspection (scoped through qms.scoping, the one mechanism).

Supervisors read every inspection and record them; an inspected agency's ISO secretary and
head read the inspections of their agency (and its findings, to raise nonconformities);
team members with an account read the inspections they are on. Nobody deletes one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from inspections.access import INSPECTOR_GROUP
from inspections.models import Inspection, InspectionFinding
from qms.roles import Role
from qms.scoping import (
    NoDeletePolicyMixin,
    agency_scope_for,
    register_choice_scope,
    user_group_names,
    user_roles,
)

AGENCY_READERS = frozenset({Role.QUALITY_OFFICER, Role.HEAD})


class InspectionPermissionPolicy(NoDeletePolicyMixin, ModelPermissionPolicy):
    """Read by role and agency, or by team membership; written by supervisors only."""

    def __init__(
        self, model: type[Model], *, agency_lookup: str, team_lookup: str
    ) -> None:
        super().__init__(model)
        self.agency_lookup = agency_lookup
        self.team_lookup = team_lookup

    def user_has_permission(self, user: Any, action: str) -> bool:
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        roles = user_roles(user)
        if action == "view":
            return bool(
                roles & (AGENCY_READERS | {Role.SUPERVISOR})
                or INSPECTOR_GROUP in user_group_names(user)
            )
        return action in ("add", "change") and Role.SUPERVISOR in roles

    def _query(self, user: Any, action: str) -> Q | None:
        if user.is_superuser or Role.SUPERVISOR in user_roles(user):
            return None
        if action != "view":
            return Q(pk__in=[])
        query = Q(**{self.team_lookup: user.pk})
        if user_roles(user) & AGENCY_READERS:
            readable = agency_scope_for(user).readable
            if readable is None:
                return None
            query |= Q(**{f"{self.agency_lookup}__in": list(readable)})
        return query

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
        combined = Q(pk__in=[])
        for action in [a for a in actions if self.user_has_permission(user, a)]:
            query = self._query(user, action)
            if query is None:
                return manager.all()
            combined |= query
        # A pk subquery: the many-to-many joins may repeat rows.
        return manager.filter(pk__in=manager.filter(combined).values("pk"))


INSPECTION_POLICY = InspectionPermissionPolicy(
    Inspection, agency_lookup="agencies", team_lookup="team_users"
)
FINDING_POLICY = InspectionPermissionPolicy(
    InspectionFinding, agency_lookup="agency", team_lookup="inspection__team_users"
)


def _visible(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    visible = INSPECTION_POLICY.instances_user_has_permission_for(user, "view")
    return queryset.filter(pk__in=visible.values("pk"))


# Choices and filters offer only the inspections the user may read (AC-03).
register_choice_scope("inspections.Inspection", _visible)
