"""Change requests: raise, accept (a draft starts), decline, answer by a release.

ISO 9001:2015 7.5.2 and 7.5.3: changes to documented information are requested, reviewed
and approved. Any staff member of the agency that owns a document may ask for a change; the
agency's ISO secretary decides; the release that carries the change answers the request and
names it in its amendment summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from documents.models import ChangeRequest, ControlledDocumentPage, DocumentRelease
from documents.models.change_requests import CODE_PREFIX
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.history import printed_name
from qms.lib.notify import notify
from qms.lib.text import clean_line, clean_text, is_blank
from qms.models import Notification
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may_raise(user: Any, document: Page) -> bool:
    """An active member of the agency that owns the document (its writable scope)."""
    if not _active(user):
        return False
    writable = agency_scope_for(user).writable
    agency_id = getattr(document.specific_deferred, "agency_id", None)
    return writable is None or agency_id in writable


def may_decide(user: Any, request: ChangeRequest) -> bool:
    """The ISO secretary of the owning agency (or a superuser) decides on a request."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    writable = agency_scope_for(user).writable
    return Role.QUALITY_OFFICER in user_roles(user) and (
        writable is None or request.agency_id in writable
    )


def _readable_document(user: Any, document: Page) -> ControlledDocumentPage:
    from documents.selectors import document_pages_in_scope

    if not document_pages_in_scope(user).filter(pk=document.pk).exists():
        raise PermissionDenied(
            _("You may raise a change request only on a document of your agency.")
        )
    specific = document.specific
    if not isinstance(specific, ControlledDocumentPage):
        raise PermissionDenied(_("Change requests are raised on controlled documents."))
    return specific


def _next_code(agency_id: int, year: int) -> str:
    """ "PĐN-2026-0001": numbered per agency and year, in the order requests are raised."""
    prefix = f"{CODE_PREFIX}-{year}-"
    taken = ChangeRequest.objects.filter(
        agency_id=agency_id, code__startswith=prefix
    ).count()
    return f"{prefix}{taken + 1:04d}"


@transaction.atomic
def change_request_raise(
    *, document: Page, user: Any, what: str, why: str, proposed_text: str = ""
) -> ChangeRequest:
    """Record a request to change ``document`` (Phiếu đề nghị sửa đổi, bổ sung tài liệu)."""
    page = _readable_document(user, document)
    if not may_raise(user, page):
        raise PermissionDenied(
            _("You may raise a change request only on a document of your agency.")
        )
    what, why = clean_line(what), clean_text(why)
    errors = {}
    if not what:
        errors["what"] = _("Say which part or section should change.")
    if not why:
        errors["why"] = _("Say why the document should change.")
    if errors:
        raise ValidationError(errors)
    # One number at a time per agency: the agency row is the lock.
    from qms.models import Agency

    Agency.objects.select_for_update().filter(pk=page.agency_id).first()
    request = ChangeRequest(
        agency_id=page.agency_id,
        document_id=page.pk,
        requested_by=user,
        what=what,
        why=why,
        proposed_text=clean_text(proposed_text),
        code=_next_code(page.agency_id, timezone.localdate().year),
    )
    return record_change(
        request,
        user=user,
        reason=_("Change request raised"),
        action="documents.change_request.raise",
    )


def _lock_submitted(request: ChangeRequest, user: Any) -> ChangeRequest:
    if not may_decide(user, request):
        raise PermissionDenied(
            _(
                "Only the ISO secretary of the document's agency decides on this request."
            )
        )
    locked = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ChangeRequest.Status.SUBMITTED:
        raise TransitionError(
            _("This change request has already been decided (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _start_draft(page: ControlledDocumentPage, user: Any) -> Revision:
    """The draft the change will be made in: the pending one, or a new revision.

    A document under review is refused: a new revision would void the signatures being
    collected (documents.publishing publishes only the revision that was signed).
    """
    if page.workflow_in_progress:
        raise TransitionError(
            _(
                "The document is in review or approval; accept the request after that "
                "finishes."
            )
        )
    latest = page.get_latest_revision()
    if latest is not None and page.has_unpublished_changes:
        return latest
    base = latest.as_object() if latest is not None else page
    return base.save_revision(user=user)


@transaction.atomic
def change_request_accept(*, request: ChangeRequest, user: Any) -> ChangeRequest:
    """Accept: a draft of the document starts, linked to the request; the requester is told."""
    request = _lock_submitted(request, user)
    page = request.document.specific
    request.draft_revision = _start_draft(page, user)
    request.status = ChangeRequest.Status.ACCEPTED
    request.decided_by, request.decided_at = user, timezone.now()
    record_change(
        request,
        user=user,
        reason=_("Change request accepted; a draft was started"),
        action="documents.change_request.accept",
    )
    _notify_requester(request)
    return request


@transaction.atomic
def change_request_decline(
    *, request: ChangeRequest, user: Any, reason: str
) -> ChangeRequest:
    """Decline with a reason, which the requester reads."""
    if is_blank(reason):
        raise ValidationError({"decline_reason": _("Say why the request is declined.")})
    request = _lock_submitted(request, user)
    request.status = ChangeRequest.Status.DECLINED
    request.decline_reason = clean_text(reason)
    request.decided_by, request.decided_at = user, timezone.now()
    record_change(
        request,
        user=user,
        reason=request.decline_reason,
        action="documents.change_request.decline",
    )
    _notify_requester(request)
    return request


def _notify_requester(request: ChangeRequest) -> None:
    notify(
        recipients=[request.requested_by],
        template="change-request-decided",
        context={
            "code": request.code,
            "what": request.what,
            "document_code": request.document.specific_deferred.code,
            "document_title": request.document.title,
            "accepted": request.status == ChangeRequest.Status.ACCEPTED,
            "reason": request.decline_reason,
            "decided_by": printed_name(request.decided_by),
        },
        kind=Notification.Kind.WORKFLOW,
        target=reverse("change_requests:inspect", args=[request.pk]),
        event_key=f"documents.change_request:{request.pk}:{request.status}",
    )


def requests_answered_by(page_id: int, revision: Revision) -> list[ChangeRequest]:
    """The accepted requests a release of ``revision`` carries: drafted in it or before it."""
    return list(
        ChangeRequest.objects.filter(
            document_id=page_id,
            status=ChangeRequest.Status.ACCEPTED,
            draft_revision_id__lte=revision.pk,
        ).order_by("code")
    )


def summary_with_answers(summary: str, requests: Iterable[ChangeRequest]) -> str:
    """The release's amendment summary, naming each request it answers (once)."""
    lines = [summary.strip()] if summary.strip() else []
    lines += [r.answer_line for r in requests if r.code not in summary]
    return "\n".join(lines)


def change_requests_answer(
    *, requests: Iterable[ChangeRequest], release: DocumentRelease, user: Any
) -> None:
    """Mark the requests answered by ``release`` (called inside release_publish)."""
    for request in requests:
        request.status = ChangeRequest.Status.ANSWERED
        request.answered_by_release = release
        record_change(
            request,
            user=user,
            reason=_("Answered by release %(number)s")
            % {"number": release.number_label},
            action="documents.change_request.answer",
        )


def open_requests_q() -> Q:
    return Q(status__in=[ChangeRequest.Status.SUBMITTED, ChangeRequest.Status.ACCEPTED])
