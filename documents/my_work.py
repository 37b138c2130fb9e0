"""What a person must do about controlled documents, as groups of "Việc của tôi".

Signatures waiting for them (review or approval, never their own submission), documents of
their agency due for periodic review and releases whose PDF failed, for the quality officer
who maintains them (ISO 9001:2015 7.5.2, 7.5.3). Each group costs a constant number of
queries (qms.my_work).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from documents.models import SigningTask
from qms.my_work import ITEMS_SHOWN, item
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles


def signing_group(user: Any) -> list[dict[str, Any]]:
    """Review and approval steps this person may sign now (the workflow's own rule)."""
    from documents.services.signing import task_states_for_signer

    states = TaskState.objects.none()
    for task in SigningTask.objects.filter(active=True):
        states = states | task_states_for_signer(task=task, user=user)
    count = states.count()
    if not count:
        return []
    rows = states.select_related("revision", "task", "workflow_state").order_by(
        "started_at", "pk"
    )[:ITEMS_SHOWN]
    return [
        {
            "key": "documents.signing",
            "label": _("Documents waiting for your signature"),
            "count": count,
            "url": reverse("wagtailadmin_reports:workflow_tasks") + "?reviewable=true",
            "items": [_signing_item(state) for state in rows],
            "roles": ["head", "quality_officer"],
        }
    ]


def _signing_item(state: TaskState) -> dict[str, Any]:
    code = (state.revision.content or {}).get("code") or ""
    title = f"{code} {state.revision.object_str}".strip()
    page_id = int(state.workflow_state.object_id)
    return item(
        title=f"{title} — {state.task.name}",
        url=reverse("wagtailadmin_pages:edit", args=[page_id]),
        due=None,
    )


def _maintained_agencies(user: Any) -> frozenset[int] | None:
    """The agencies whose documents this quality officer maintains (empty: not an officer)."""
    if Role.QUALITY_OFFICER not in user_roles(user):
        return frozenset()
    return agency_scope_for(user).writable


def review_due_group(user: Any) -> list[dict[str, Any]]:
    """Documents of the officer's agency whose periodic review is due within the notice."""
    from documents.selectors import review_due_extract
    from documents.services.reviews import NOTICE_DAYS

    agency_ids = _maintained_agencies(user)
    if agency_ids is not None and not agency_ids:
        return []
    today = timezone.localdate()
    pages, total = review_due_extract(
        on=today, within_days=NOTICE_DAYS, agency_ids=agency_ids, limit=ITEMS_SHOWN
    )
    if not total:
        return []
    return [
        {
            "key": "documents.review_due",
            "label": _("Documents due for review"),
            "count": total,
            "url": reverse("documents_master_list") + "?status=review_due",
            "items": [
                item(
                    title=f"{page.code} {page.title}",
                    url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    due=page.next_review_date,
                    today=today,
                )
                for page in pages
            ],
            "roles": ["quality_officer"],
        }
    ]


def failed_pdf_group(user: Any) -> list[dict[str, Any]]:
    """Releases of the officer's agency whose controlled PDF could not be made."""
    from documents.services.jobs import releases_pdf_failed_queryset

    agency_ids = _maintained_agencies(user)
    if agency_ids is not None and not agency_ids:
        return []
    releases = releases_pdf_failed_queryset(agency_ids=agency_ids)
    count = releases.count()
    if not count:
        return []
    return [
        {
            "key": "documents.failed_pdf",
            "label": _("Release PDFs to regenerate"),
            "count": count,
            "url": reverse("documentrelease:index") + "?pdf_status=failed",
            "items": [
                item(
                    title=f"{release.code} {release.title} ({release.number_label})",
                    url=reverse("documents_release_pdf", args=[release.pk]),
                    due=None,
                )
                for release in releases[:ITEMS_SHOWN]
            ],
            "roles": ["quality_officer"],
        }
    ]
