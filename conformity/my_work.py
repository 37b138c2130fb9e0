"""My work: re-announcements due and scope drafts to approve (the ``qms_my_work`` hook)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conformity import selectors
from conformity.models import ScopeVersion
from conformity.services import MANAGER_ROLES
from qms.models import Agency
from qms.my_work import ITEMS_SHOWN, item
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles


def _own_agencies(user: Any) -> list[int]:
    """The agencies the person keeps (writable scope); none for supervisors and admins."""
    if not user.is_active or not (user_roles(user) & MANAGER_ROLES):
        return []
    writable = agency_scope_for(user).writable
    return sorted(writable) if writable else []


def _reannounce(agency_ids: list[int]) -> dict[str, Any] | None:
    """ "Cần công bố lại": the scope changed after the announcement (TT 26/2014)."""
    due = selectors.out_of_date_agency_ids(agency_ids)
    if not due:
        return None
    names = dict(
        Agency.objects.filter(pk__in=due[:ITEMS_SHOWN]).values_list("pk", "name")
    )
    return {
        "key": "conformity.reannounce",
        "label": _("Re-announcement of the QMS due"),
        "count": len(due),
        "url": reverse("conformity_index") + "?state=out_of_date",
        "items": [
            item(
                title=str(_("%(agency)s: the scope changed after the announcement"))
                % {"agency": names.get(pk, "")},
                url=reverse("conformity_agency", args=[pk]),
                due=None,
            )
            for pk in due[:ITEMS_SHOWN]
        ],
        "roles": ["quality_officer", "head"],
    }


def _drafts_to_approve(user: Any, agency_ids: list[int]) -> dict[str, Any] | None:
    if Role.HEAD not in user_roles(user):
        return None
    drafts = ScopeVersion.objects.filter(
        agency_id__in=agency_ids, status=ScopeVersion.Status.DRAFT
    ).select_related("agency")
    rows = list(drafts.order_by("pk")[:ITEMS_SHOWN])
    if not rows:
        return None
    return {
        "key": "conformity.scope_drafts",
        "label": _("ISO scope drafts to approve"),
        "count": drafts.count() if len(rows) == ITEMS_SHOWN else len(rows),
        "url": reverse("conformity_index"),
        "items": [
            item(
                title=f"{v} — {v.agency.name}",
                url=reverse("conformity_scope", args=[v.pk]),
                due=None,
            )
            for v in rows
        ],
        "roles": ["head"],
    }


def my_work_conformity(user: Any) -> list[dict[str, Any]]:
    """The person's scope and announcement work (a constant number of queries)."""
    agency_ids = _own_agencies(user)
    if not agency_ids:
        return []
    groups = [_reannounce(agency_ids), _drafts_to_approve(user, agency_ids)]
    return [group for group in groups if group]
