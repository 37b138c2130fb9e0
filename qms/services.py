"""Writes to the organisation. Views, admin, tasks and commands call these, never ``save()``.

Each service saves through ``qms.lib.changes.record_change``: the whole record is validated
first (``full_clean``), so bad input raises a ``ValidationError`` with a Vietnamese message and
nothing is written; the acting user and the reason go to django-simple-history and the verb to
Wagtail's log (ISO 9001:2015 7.5.3.2: changes are controlled).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from qms.accounts import sync_user_name, user_active_set
from qms.lib.changes import record_change
from qms.lib.text import is_blank
from qms.models import (
    Agency,
    AgencyGroup,
    AgencyPage,
    Notification,
    Position,
    ReceivingUnit,
    StaffProfile,
    Succession,
)
from qms.roles import (
    ADMIN_ACCESS,
    ROLE_COLLECTION_PERMISSIONS,
    ROLE_PAGE_PERMISSIONS,
    ROLE_PERMISSIONS,
    Role,
)
from qms.scoping import agency_scope_for

# Roles a quality officer may hand out; higher roles need an administrator (no self-escalation).
ROLES_GRANTABLE_BY_QUALITY_OFFICER = frozenset({Role.STAFF, Role.AUDITOR})


def check_can_write(user: User | None, agency_id: int | None) -> None:
    """Refuse a change outside the user's writable agencies (every app's services use it)."""
    if user is None:
        return  # system actions: seed, migrations, tasks acting for the system
    writable = agency_scope_for(user).writable
    if writable is not None and (agency_id is None or agency_id not in writable):
        raise PermissionDenied(
            _("You do not have permission to change this agency's data.")
        )


def check_can_maintain_province_register(user: User | None) -> None:
    """Refuse a change to a province-wide register by a ward's or a commune's staff."""
    from qms.scoping import maintains_province_registers

    if user is not None and not maintains_province_registers(user):
        raise PermissionDenied(
            _(
                "Only province-level agencies maintain this province-wide register; ask the "
                "Department of Justice or the provincial office to change it."
            )
        )


@transaction.atomic
def agency_save(
    *, agency: Agency, user: User | None = None, reason: str = ""
) -> Agency:
    """Create or update an agency inside the user's scope.

    A new agency needs write access to its parent; moving an agency needs it to the new parent,
    so nobody can attach their agency under (or pull one out of) someone else's subtree.
    """
    created = agency.pk is None
    if created:
        check_can_write(user, agency.parent_id)
    else:
        check_can_write(user, agency.pk)
        old_parent = Agency.objects.values_list("parent_id", flat=True).get(
            pk=agency.pk
        )
        if old_parent != agency.parent_id:
            check_can_write(user, agency.parent_id)
    record_change(agency, user=user, reason=reason)
    if created:
        agency_collection_ensure(agency=agency)
    return agency


@transaction.atomic
def agency_dissolve(
    *,
    agency: Agency,
    last_day: dt.date,
    basis: str,
    successors: list[Agency],
    user: User | None = None,
) -> Agency:
    """End an agency on ``last_day`` and record who inherits its records."""
    if agency.valid_to is not None:
        raise ValidationError(_("This agency has already been dissolved or merged."))
    if is_blank(basis):
        raise ValidationError(
            {
                "dissolution_basis": _(
                    "State the legal basis for the dissolution or merger."
                )
            }
        )
    agency.valid_to = last_day
    agency.dissolution_basis = basis
    agency_save(agency=agency, user=user, reason=_("Dissolution / merger"))
    for successor in successors:
        succession_record(
            predecessor=agency,
            successor=successor,
            date=last_day + dt.timedelta(days=1),
            legal_basis=basis,
            user=user,
        )
    return agency


@transaction.atomic
def succession_record(
    *,
    predecessor: Agency,
    successor: Agency,
    date: dt.date,
    legal_basis: str,
    kind: str = Succession.Kind.MERGER,
    user: User | None = None,
) -> Succession:
    """Record that ``successor`` inherits the records of ``predecessor``."""
    succession = Succession(
        predecessor=predecessor,
        successor=successor,
        date=date,
        legal_basis=legal_basis,
        kind=kind,
    )
    return succession_save(
        succession=succession, user=user, reason=_("Succession recorded")
    )


@transaction.atomic
def succession_save(
    *, succession: Succession, user: User | None = None, reason: str = ""
) -> Succession:
    """Create or correct a succession; the user must be able to write the successor."""
    check_can_write(user, succession.successor_id)
    return record_change(succession, user=user, reason=reason)


@transaction.atomic
def receiving_unit_save(
    *, unit: ReceivingUnit, user: User | None = None, reason: str = ""
) -> ReceivingUnit:
    """Create or update a one-stop unit of an agency in the user's scope."""
    check_can_write(user, unit.agency_id)
    if (
        unit.agency_id
        and not unit.pk
        and unit.agency.valid_to
        and unit.agency.valid_to < timezone.localdate()
    ):
        raise ValidationError(
            {"agency": _("A unit cannot be added to a dissolved agency.")}
        )
    return record_change(unit, user=user, reason=reason)


def check_can_maintain_catalogue(user: User | None, instance: Any) -> None:
    """Refuse a province-wide catalogue change (positions, competence) without its permission.

    These catalogues belong to no agency: the model permission, held by administrators, is
    the guard, so a script or a second screen cannot bypass the admin's permission policy.
    """
    opts = instance._meta
    verb = "add" if instance._state.adding else "change"
    if user is not None and not user.has_perm(
        f"{opts.app_label}.{verb}_{opts.model_name}"
    ):
        raise PermissionDenied(_("You do not have permission to do this."))


@transaction.atomic
def position_save(
    *, position: Position, user: User | None = None, reason: str = ""
) -> Position:
    """Add or rename a job title of the province-wide catalogue."""
    check_can_maintain_catalogue(user, position)
    return record_change(position, user=user, reason=reason)


def _check_agency_accepts_staff(agency: Agency) -> None:
    # ISO 9001:2015 7.1.2: people are assigned to an organisation that exists.
    if not agency.is_active_on(timezone.localdate()):
        raise ValidationError(
            {
                "agency": _(
                    "This agency has been dissolved or is not yet in effect; new staff cannot be added."
                )
            }
        )


@transaction.atomic
def staff_profile_save(
    *, profile: StaffProfile, user: User | None = None, reason: str = ""
) -> StaffProfile:
    """Update a staff profile; moving someone to another agency needs write access to both."""
    if profile.pk:
        old_agency_id = StaffProfile.objects.values_list("agency_id", flat=True).get(
            pk=profile.pk
        )
        check_can_write(user, old_agency_id)
        if old_agency_id != profile.agency_id:
            _check_agency_accepts_staff(profile.agency)
    else:
        _check_agency_accepts_staff(profile.agency)
    check_can_write(user, profile.agency_id)
    record_change(profile, user=user, reason=reason)
    staff_sync_groups(profile=profile)
    sync_user_name(profile.user, profile.full_name)
    # Leaving the service closes the account and its open sessions; returning reopens it.
    user_active_set(user=profile.user, active=profile.is_active, actor=user)
    return profile


@transaction.atomic
def staff_create(
    *,
    username: str,
    email: str,
    full_name: str,
    agency: Agency,
    position: Any,
    service_start: dt.date,
    roles: list[Role],
    receiving_unit: ReceivingUnit | None = None,
    created_by: User | None = None,
    password: str | None = None,
    send_welcome: bool = True,
) -> StaffProfile:
    """Open a staff account with its profile and roles, then send the welcome e-mail.

    Without ``password`` the account gets none: the welcome e-mail carries a link to set it,
    so nobody but the person ever knows it (reliability test ES-04).
    """
    _check_can_grant(created_by, roles)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    profile = StaffProfile(
        full_name=full_name,
        agency=agency,
        receiving_unit=receiving_unit,
        position=position,
        service_start=service_start,
    )
    _check_agency_accepts_staff(agency)
    check_can_write(created_by, agency.pk)
    profile.full_clean(exclude=["user"])
    # The whole cleaned name goes in first_name: Wagtail's sidebar shows first_name only, and a
    # family/given split showed "Nguyễn Thị Thu" for "Nguyễn Thị Thu Hà" (issue 13 part 7).
    user = User(
        username=username, email=email, first_name=profile.full_name[:150], last_name=""
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(*Group.objects.filter(name__in=[role.value for role in roles]))
    profile.user = user
    record_change(profile, user=created_by, reason=_("Staff account created"))
    staff_sync_groups(profile=profile)

    if send_welcome:
        from qms.jobs import enqueue_on_commit
        from qms.tasks import send_welcome_email

        enqueue_on_commit(send_welcome_email, profile.pk)
    return profile


def _check_can_grant(actor: User | None, roles: list[Role]) -> None:
    if actor is None or actor.is_superuser:
        return
    if not set(roles) <= ROLES_GRANTABLE_BY_QUALITY_OFFICER:
        raise PermissionDenied(
            _(
                "Only a system administrator can assign the ISO secretary, Head or Supervisor roles."
            )
        )


@transaction.atomic
def staff_send_welcome(*, profile_id: int) -> bool:
    """Send the welcome e-mail and its in-app twin once; return False if already sent."""
    from qms.emails import send_welcome

    profile = (
        StaffProfile.objects.select_for_update()
        .select_related("user", "agency")
        .filter(pk=profile_id)
        .first()
    )
    if profile is None or profile.welcome_sent_at is not None:
        return False
    send_welcome(profile)
    profile.welcome_sent_at = timezone.now()
    # Only the system's timestamp changes: no validation, so a profile that an older rule
    # would refuse still gets its welcome; no log entry, nobody acted.
    record_change(
        profile,
        user=None,
        reason=_("Welcome email sent"),
        validate=False,
        update_fields=["welcome_sent_at"],
    )
    return True


def staff_sync_groups(*, profile: StaffProfile) -> None:
    """Put the user in the per-agency page groups matching their roles, and only those."""
    user = profile.user
    role_names = set(user.groups.values_list("name", flat=True))
    bound = AgencyGroup.objects.filter(group__user=user)
    bound_roles = {*ROLE_PAGE_PERMISSIONS, *ROLE_COLLECTION_PERMISSIONS}
    wanted = AgencyGroup.objects.filter(
        agency_id=profile.agency_id,
        role__in=[r for r in bound_roles if r.value in role_names],
    )
    if not profile.is_active:
        wanted = wanted.none()
    user.groups.remove(
        *[
            b.group
            for b in bound.exclude(pk__in=wanted.values("pk")).select_related("group")
        ]
    )
    user.groups.add(*[w.group for w in wanted.select_related("group")])


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups with their permissions (idempotent; runs after migrate)."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename=ADMIN_ACCESS.split(".")[1]
    )
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = [admin_access, *_permissions(perms)]
        group.permissions.set(wanted)


def _permissions(names: list[str]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


@transaction.atomic
def agency_page_groups_sync(*, page: AgencyPage) -> None:
    """Grant each page role of the agency its page permissions on the agency's page subtree."""
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group = _agency_group(agency=page.agency, role=role)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
    _sync_agency_staff(agency=page.agency)


def _agency_group(*, agency: Agency, role: Role) -> Group:
    binding = (
        AgencyGroup.objects.filter(agency=agency, role=role)
        .select_related("group")
        .first()
    )
    if binding is not None:
        return binding.group
    name = f"{role.value} · {agency.name}"[:140]
    # Two agencies may share a name (a ward of each merged province); never share a group.
    if AgencyGroup.objects.filter(group__name=name).exists():
        name = f"{name} #{agency.pk}"
    group, _created = Group.objects.get_or_create(name=name)
    AgencyGroup.objects.create(agency=agency, role=role, group=group)
    return group


def _sync_agency_staff(*, agency: Agency) -> None:
    for profile in StaffProfile.objects.filter(agency=agency).select_related("user"):
        staff_sync_groups(profile=profile)


@transaction.atomic
def agency_collection_ensure(*, agency: Agency) -> Collection:
    """Give an agency its private file collection, usable by its own groups only (idempotent).

    ISO 9001:2015 7.5.3.1(b): an agency's files are protected from other agencies. The
    collection sits directly under Root (which nobody but a superuser holds), so permissions
    granted on it reach no other agency's collection.
    """
    collection = Agency.objects.select_for_update().get(pk=agency.pk).collection
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.add_child(name=agency.name[:255])
        # A system link, not an edit of the agency by a person: no history row needed.
        Agency.objects.filter(pk=agency.pk).update(collection=collection)
    agency.collection = collection
    for role, names in ROLE_COLLECTION_PERMISSIONS.items():
        group = _agency_group(agency=agency, role=role)
        for permission in _permissions(names):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    _sync_agency_staff(agency=agency)
    return collection


def agency_collections_ensure() -> int:
    """Give every agency that has none its collection; return how many were created."""
    missing = list(Agency.objects.filter(collection__isnull=True))
    for agency in missing:
        agency_collection_ensure(agency=agency)
    return len(missing)


def notification_open(*, user: Any, pk: int) -> Notification:
    """Mark one of ``user``'s own notifications read and return it; others do not exist."""
    notification = Notification.objects.get(pk=pk, recipient_id=user.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of ``user`` read, in one UPDATE; return how many."""
    return Notification.objects.filter(
        recipient_id=user.pk, read_at__isnull=True
    ).update(read_at=timezone.now())
