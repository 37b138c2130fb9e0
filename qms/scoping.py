"""Agency scoping: the one mechanism that limits every non-page listing, form and export.

A user reads their agency's subtree plus the records of agencies it succeeded (records of a
dissolved agency stay attached to it and become visible to its successor); they write only
their own subtree. Supervisors (Sở Nội vụ, Sở KH&CN) read every agency and write nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from wagtail.permission_policies.base import ModelPermissionPolicy

from qms.roles import Role

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class AgencyScope:
    """Agency ids a user may read and write; ``None`` means every agency.

    ``granted`` are the readable agencies the user reaches only through a temporary read
    grant (an inspection team's): registers, not the agency's drafts.
    """

    readable: frozenset[int] | None
    writable: frozenset[int] | None
    granted: frozenset[int] = frozenset()

    def ids_for(self, action: str) -> frozenset[int] | None:
        return self.readable if action == "view" else self.writable


EMPTY_SCOPE = AgencyScope(readable=frozenset(), writable=frozenset())
FULL_SCOPE = AgencyScope(readable=None, writable=None)


def user_roles(user: AnyUser) -> frozenset[Role]:
    """Return the QMS roles of a user (cached on the user object for the request)."""
    cached = getattr(user, "_qms_roles", None)
    if cached is not None:
        return cached
    names = user_group_names(user)
    roles = frozenset(role for role in Role if role.value in names)
    user.__dict__["_qms_roles"] = roles
    return roles


def user_group_names(user: AnyUser) -> frozenset[str]:
    """The names of the user's groups (one query, cached on the user for the request)."""
    cached = getattr(user, "_qms_group_names", None)
    if cached is not None:
        return cached
    names: frozenset[str] = frozenset()
    if user.is_authenticated:
        names = frozenset(user.groups.values_list("name", flat=True))
    user.__dict__["_qms_group_names"] = names
    return names


# --- Temporary read grants -----------------------------------------------------------------
# Some people read another agency's registers for a while only: an external inspection's
# team (QĐ 19/2014 art. 9, Chỉ thị 09/CT-UBND item 7) reads the inspected agencies' records
# while the inspection runs. A feature app registers, for the name of a group its people
# are put in, a function answering which agencies a member reads on a given day; the core
# asks only members of that group (no query for anyone else) and never grants a write.
ReadGrant = Callable[[Any, dt.date], Iterable[int]]
_READ_GRANTS: dict[str, ReadGrant] = {}


def register_read_grant(group_name: str, grant: ReadGrant) -> None:
    """Let members of ``group_name`` read the agencies ``grant(user, today)`` names."""
    _READ_GRANTS[group_name] = grant


def granted_agency_ids(user: AnyUser) -> frozenset[int]:
    """Agencies the user reads today through a temporary grant (read only, never write)."""
    cached = getattr(user, "_qms_read_grants", None)
    if cached is not None:
        return cached
    ids: set[int] = set()
    if user.is_authenticated and user.is_active:
        names = user_group_names(user)
        today = timezone.localdate()
        for group_name, grant in _READ_GRANTS.items():
            if group_name in names:
                ids.update(grant(user, today))
    granted = frozenset(ids)
    if user.is_authenticated:
        user.__dict__["_qms_read_grants"] = granted
    return granted


def _agency_graph() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    from qms.models import Agency, Succession

    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(pk)
    predecessors: dict[int, list[int]] = defaultdict(list)
    for pred, succ in Succession.objects.values_list("predecessor_id", "successor_id"):
        predecessors[succ].append(pred)
    return children, predecessors


def _closure(start: Iterable[int], *edges: dict[int, list[int]]) -> set[int]:
    seen: set[int] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for edge in edges:
            stack.extend(edge.get(node, ()))
    return seen


def agency_subtree_ids(agency_id: int) -> set[int]:
    """Return the id of an agency and of every agency below it."""
    children, _predecessors = _agency_graph()
    return _closure([agency_id], children)


def agency_scope_for(user: AnyUser) -> AgencyScope:
    """Compute the agencies a user may read and write (3 queries, then cached on the user)."""
    cached = getattr(user, "_qms_agency_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user.is_authenticated:
        user.__dict__["_qms_agency_scope"] = scope
    return scope


def _compute_scope(user: AnyUser) -> AgencyScope:
    if not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    if user.is_superuser:
        return FULL_SCOPE
    if Role.SUPERVISOR in user_roles(user):
        return AgencyScope(readable=None, writable=frozenset())
    from qms.models import StaffProfile

    granted = granted_agency_ids(user)
    agency_id = (
        StaffProfile.objects.filter(user=user, is_active=True)
        .values_list("agency_id", flat=True)
        .first()
    )
    if agency_id is None:
        return AgencyScope(readable=granted, writable=frozenset(), granted=granted)
    children, predecessors = _agency_graph()
    own = _closure([agency_id], children)
    # Predecessors' records (and their sub-units') are readable by the successor.
    readable = _closure(own, children, predecessors)
    # A temporary grant adds agencies to read, never to write.
    return AgencyScope(
        readable=frozenset(readable | granted),
        writable=frozenset(own),
        granted=frozenset(granted - readable),
    )


def register_readable_ids(
    user: AnyUser, reader_roles: Iterable[Role]
) -> frozenset[int] | None:
    """Agencies whose records the user reads in a register open to ``reader_roles``.

    A member of one of those roles reads their whole read scope (``None``: every agency);
    anyone else only the agencies of a temporary read grant (an inspection team reads the
    inspected agencies' registers, QĐ 19/2014 art. 9), not their own agency's register.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    if user_roles(user) & frozenset(reader_roles):
        return agency_scope_for(user).readable
    return granted_agency_ids(user)


def may_read_register(user: AnyUser, reader_roles: Iterable[Role]) -> bool:
    """Whether the user opens a register open to ``reader_roles`` at all (scope narrows)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user_roles(user) & frozenset(reader_roles):
        return True
    return bool(granted_agency_ids(user))


def _scope_q(lookups: tuple[str, ...], ids: Iterable[int]) -> Q:
    query = Q()
    for lookup in lookups:
        query |= Q(**{f"{lookup}__in": list(ids)})
    return query


class AgencyScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the instances inside the user's agency scope.

    ``agency_lookups`` name the fields that place an instance in an agency; an instance is in
    scope when any of them points into the scope ("id" for the Agency model itself).
    """

    def __init__(self, model: type[Model], *, agency_lookups: tuple[str, ...]) -> None:
        super().__init__(model)
        self.agency_lookups = agency_lookups

    def _instance_agency_ids(self, instance: Model) -> list[Any]:
        return [
            instance.pk if lookup == "id" else getattr(instance, f"{lookup}_id")
            for lookup in self.agency_lookups
        ]

    def scope_ids(self, user: Any, action: str) -> frozenset[int] | None:
        """The agencies in which ``action`` is allowed (a register may narrow reading)."""
        return agency_scope_for(user).ids_for(action)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Model
    ) -> bool:
        if not self.user_has_permission(user, action):
            return False
        ids = self.scope_ids(user, action)
        return ids is None or any(
            pk in ids for pk in self._instance_agency_ids(instance)
        )

    def instances_user_has_any_permission_for(
        self, user: Any, actions: list[str]
    ) -> QuerySet[Any]:
        manager = self.model._default_manager
        allowed = [
            action for action in actions if self.user_has_permission(user, action)
        ]
        if not allowed:
            return manager.none()
        id_sets = [self.scope_ids(user, action) for action in allowed]
        if any(ids is None for ids in id_sets):
            return manager.all()
        union: set[int] = set().union(*[ids for ids in id_sets if ids is not None])
        return manager.filter(_scope_q(self.agency_lookups, union)).distinct()


def scope_queryset(
    queryset: QuerySet[Any],
    user: Any,
    *,
    lookups: tuple[str, ...],
    action: str = "view",
) -> QuerySet[Any]:
    """Filter any queryset to the user's agency scope (for exports, choosers and reports)."""
    ids = agency_scope_for(user).ids_for(action)
    return queryset if ids is None else queryset.filter(_scope_q(lookups, ids))


# Agencies at province level (the register of legal bases and the course catalogue are shared
# by every agency of the province, so only these maintain them; issue 10 part 3).
PROVINCE_LEVEL_KINDS = frozenset(
    {"ubnd_tinh", "van_phong_ubnd", "so", "ban", "thanh_tra"}
)


def maintains_province_registers(user: AnyUser) -> bool:
    """A superuser, or a member of a province-level agency (not a ward's or a commune's)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = user.__dict__.get("_qms_province_level")
    if cached is None:  # asked once per menu item: one query per request, not eight
        from qms.models import StaffProfile

        cached = StaffProfile.objects.filter(
            user=user, is_active=True, agency__kind__in=PROVINCE_LEVEL_KINDS
        ).exists()
        user.__dict__["_qms_province_level"] = cached
    return bool(cached)


class ProvinceRegisterPermissionPolicy(ModelPermissionPolicy):
    """Everyone reads a province-wide register; province-level agencies change it."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if not super().user_has_permission(user, action):
            return False
        return action == "view" or maintains_province_registers(user)


def bulk_visible(
    user: AnyUser, app_label: str, model_name: str, ids: list[str]
) -> bool:
    """Whether the user may see every record a Wagtail bulk action is given.

    Pages: those the user may explore; documents and images: those of collections the user
    may choose or change; users: only for those who manage users. Other models: Django's
    view permission.
    """
    if user.is_superuser:
        return True
    try:
        pks = {int(pk) for pk in ids}
    except ValueError:
        return False
    if (app_label, model_name) == ("wagtailcore", "page"):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        visible = PagePermissionPolicy().explorable_instances(user)
    elif (app_label, model_name) == ("auth", "user"):
        return user.has_perm("auth.change_user")
    else:
        from django.apps import apps

        model = apps.get_model(app_label, model_name)
        policy = _collection_policy(model)
        if policy is None:
            return user.has_perm(f"{app_label}.view_{model_name}")
        visible = policy.instances_user_has_any_permission_for(
            user, ["change", "choose"]
        )
    return visible.filter(pk__in=pks).count() == len(pks)


def _collection_policy(model: type[Model]) -> Any:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    if model is get_document_model():
        from wagtail.documents.permissions import permission_policy

        return permission_policy
    if model is get_image_model():
        from wagtail.images.permissions import permission_policy as image_policy

        return image_policy
    return None


# --- Choices offered in forms and listing filters -----------------------------------------

ChoiceScope = Callable[[QuerySet[Any], Any], QuerySet[Any]]
_CHOICE_SCOPES: dict[str, ChoiceScope] = {}


def register_choice_scope(label: str, scope: ChoiceScope) -> None:
    """Say how the records of a model offered as a choice are limited for a user.

    Every scoped admin form and every listing filter asks ``scope_choices``: a select box that
    lists another agency's programmes or private templates leaks their titles (AC-03).
    """
    _CHOICE_SCOPES[label] = scope


def scope_choices(queryset: QuerySet[Any], user: Any) -> QuerySet[Any] | None:
    """The choices the user may be offered, or ``None`` if the model has no rule."""
    scope = _CHOICE_SCOPES.get(queryset.model._meta.label)
    return None if scope is None else scope(queryset, user)


def _by_agency(*lookups: str) -> ChoiceScope:
    def scope(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
        return scope_queryset(queryset, user, lookups=lookups)

    return scope


register_choice_scope("qms.ReceivingUnit", _by_agency("agency"))
register_choice_scope("qms.StaffProfile", _by_agency("agency"))


class NoDeletePolicyMixin:
    """Nobody deletes evidence, superusers included (ISO 9001:2015 7.5.3.2 c, AT-04).

    Put before a permission policy: "delete" is refused on every path Wagtail asks through,
    so its delete buttons and menu items disappear; the record is cancelled or withdrawn
    through a service instead, with the reason.
    """

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action != "delete" and super().user_has_permission(user, action)  # type: ignore[misc]

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        allowed = [a for a in actions if a != "delete"]
        return bool(allowed) and super().user_has_any_permission(user, allowed)  # type: ignore[misc]

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        return action != "delete" and super().user_has_permission_for_instance(  # type: ignore[misc]
            user, action, instance
        )

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Any, instance: Any
    ) -> bool:
        allowed = [a for a in actions if a != "delete"]
        return bool(allowed) and super().user_has_any_permission_for_instance(  # type: ignore[misc]
            user, allowed, instance
        )

    def instances_user_has_any_permission_for(
        self, user: Any, actions: Any
    ) -> QuerySet[Any]:
        allowed = [a for a in actions if a != "delete"]
        if not allowed:
            return self.model._default_manager.none()  # type: ignore[attr-defined]
        return super().instances_user_has_any_permission_for(user, allowed)  # type: ignore[misc]


class EvidenceRegisterPermissionPolicy(
    NoDeletePolicyMixin, ProvinceRegisterPermissionPolicy
):
    """A province-wide register whose entries are evidence: withdrawn, never deleted."""
