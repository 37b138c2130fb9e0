"""Who sees which training records (test AC-03).

Staff see their own acknowledgments and attendance; heads, quality officers and internal
auditors see their agency's (auditors check competence, ISO 9001:2015 9.2); supervisors read
every agency and change nothing. An inspection team member reads, besides their own, the
inspected agencies' records while the inspection runs (``qms.scoping`` read grants). This
narrows ``qms.scoping``, it does not replace it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from qms.models import StaffProfile
from qms.roles import Role
from qms.scoping import (
    AgencyScopedPermissionPolicy,
    NoDeletePolicyMixin,
    granted_agency_ids,
    register_choice_scope,
    scope_queryset,
    user_roles,
)

_AGENCY_READERS = {Role.QUALITY_OFFICER, Role.HEAD, Role.AUDITOR, Role.SUPERVISOR}


def sees_only_own(user: Any) -> bool:
    """A user with no role that reads the agency's records reads only their own."""
    return not user.is_superuser and not (user_roles(user) & _AGENCY_READERS)


def staff_in_view(user: Any) -> QuerySet[StaffProfile]:
    """The staff whose training records ``user`` may read."""
    queryset = StaffProfile.objects.all()
    if sees_only_own(user):
        granted = granted_agency_ids(user)
        return queryset.filter(Q(user_id=user.pk) | Q(agency_id__in=granted))
    return scope_queryset(queryset, user, lookups=("agency",))


class OwnRecordsPermissionPolicy(AgencyScopedPermissionPolicy):
    """Agency scope, narrowed to the user's own records for plain staff."""

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Model
    ) -> bool:
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if not sees_only_own(user) or instance.staff.user_id == user.pk:  # type: ignore[attr-defined]
            return True
        granted = granted_agency_ids(user) if action == "view" else frozenset()
        return any(pk in granted for pk in self._instance_agency_ids(instance))

    def instances_user_has_any_permission_for(
        self, user: Any, actions: list[str]
    ) -> QuerySet[Any]:
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if not sees_only_own(user):
            return queryset
        own = Q(staff__user=user)
        if "view" in actions:
            for lookup in self.agency_lookups:
                own |= Q(**{f"{lookup}__in": list(granted_agency_ids(user))})
        return queryset.filter(own)


# A quiz is placed in an agency by its controlled document (a page of one of three types).
QUIZ_AGENCY_LOOKUPS = (
    "page__procedurepage__agency",
    "page__internalrulepage__agency",
    "page__policypage__agency",
)


class EvidenceRecordsPermissionPolicy(NoDeletePolicyMixin, OwnRecordsPermissionPolicy):
    """One's own records (attendance), which nobody deletes (ISO 9001:2015 7.5.3.2 c)."""


class QuizPermissionPolicy(AgencyScopedPermissionPolicy):
    """Quizzes (with their correct answers) only of the agency's own documents (AC-03)."""

    def __init__(self, model: type[Model]) -> None:
        super().__init__(model, agency_lookups=QUIZ_AGENCY_LOOKUPS)

    def user_has_permission(self, user: Any, action: str) -> bool:
        # Supervisors compare agencies' training results; a quiz's questions and answers,
        # often on a document still in draft, are the agency's own working material.
        if not user.is_superuser and Role.SUPERVISOR in user_roles(user):
            return False
        return super().user_has_permission(user, action)

    def _instance_agency_ids(self, instance: Model) -> list[Any]:
        page = getattr(instance, "page", None)
        return [getattr(page.specific_deferred, "agency_id", None)] if page else []


def _sessions_in_scope(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    return scope_queryset(queryset, user, lookups=("agency",))


register_choice_scope("training.TrainingSession", _sessions_in_scope)
