"""The inspector's read access: an inspection team reads the inspected agencies' records
while the inspection runs (QĐ 19/2014 art. 9; Chỉ thị 09/CT-UBND item 7), and never writes.

Built on ``qms.scoping`` (the one scoping mechanism): team members who have an account are
put in the group below, which holds view permissions only; ``qms.scoping`` asks members of
that group, through the read grant registered here, which agencies they read today. After
the end date the grant is empty, so the group alone reaches nothing outside their agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from qms.roles import ROLE_PERMISSIONS, Role
from qms.scoping import register_read_grant

INSPECTOR_GROUP = "Đoàn kiểm tra"


def inspector_permissions() -> list[str]:
    """The supervisors' view permissions: the registers an inspector may read."""
    names = [p for p in ROLE_PERMISSIONS[Role.SUPERVISOR] if ".view_" in p]
    return sorted({*names, "wagtailadmin.access_admin"})


@transaction.atomic
def inspector_group_sync() -> Group:
    """Create the inspectors' group with its view permissions (idempotent)."""
    group, _created = Group.objects.get_or_create(name=INSPECTOR_GROUP)
    wanted = []
    for name in inspector_permissions():
        app_label, codename = name.split(".")
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if found is not None:
            wanted.append(found)
    group.permissions.set(wanted)
    return group


def inspected_agencies(user: Any, today: dt.date) -> Iterable[int]:
    """Agencies the user inspects today: on the team, start date ≤ today ≤ end date."""
    from inspections.models import Inspection

    return Inspection.agencies.through.objects.filter(
        inspection__team_users=user,
        inspection__starts_on__lte=today,
        inspection__ends_on__gte=today,
    ).values_list("agency_id", flat=True)


def register() -> None:
    register_read_grant(INSPECTOR_GROUP, inspected_agencies)
