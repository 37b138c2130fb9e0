"""Legal basis register: a change in the law flags every dependent document (ISO 9001:2015 4.1, 7.5.3.2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DOCUMENT_PAGE_MODELS, LegalDocument, ReviewFlag
from qms.lib.changes import record_change
from qms.lib.notify import notify
from qms.lib.text import is_blank
from qms.models import Notification
from qms.services import check_can_maintain_province_register

# Agencies must update their procedures within a set time after the law changes (domain-vn §5.5, 11).
FLAG_DUE_DAYS = 30
_ALLOWED = {
    LegalDocument.Status.IN_FORCE: {
        LegalDocument.Status.AMENDED,
        LegalDocument.Status.REPEALED,
    },
    LegalDocument.Status.AMENDED: {
        LegalDocument.Status.REPEALED,
        LegalDocument.Status.AMENDED,
    },
    LegalDocument.Status.REPEALED: set(),
    LegalDocument.Status.WITHDRAWN: set(),
}


@transaction.atomic
def legal_document_save(
    *, document: LegalDocument, user: Any = None, reason: str = ""
) -> LegalDocument:
    """Save a legal document; marking it amended or repealed flags every dependent document.

    The register is shared by the province, so only province-level agencies change it.
    """
    check_can_maintain_province_register(user)
    old_status = (
        LegalDocument.objects.filter(pk=document.pk)
        .values_list("status", flat=True)
        .first()
        if document.pk
        else None
    )
    W = LegalDocument.Status.WITHDRAWN
    if old_status == W or (document.status == W and old_status != W):
        raise ValidationError(
            {
                "status": _(
                    "An entry is withdrawn from the register only with its reason, through "
                    "“Withdraw from the register”; a withdrawn entry is not changed again."
                )
            }
        )
    if (
        old_status
        and old_status != document.status
        and document.status not in _ALLOWED[LegalDocument.Status(old_status)]
    ):
        raise ValidationError(
            {"status": _("A repealed legal document cannot change status again.")}
        )
    record_change(document, user=user, reason=reason)
    if (
        document.status != LegalDocument.Status.IN_FORCE
        and document.status != old_status
    ):
        flag_dependent_documents(document=document)
    return document


def flag_dependent_documents(
    *, document: LegalDocument, today: dt.date | None = None
) -> int:
    """Flag every document, in every agency, that cites ``document``; notify its owner once."""
    due = (today or timezone.localdate()) + dt.timedelta(days=FLAG_DUE_DAYS)
    created = 0
    for model in DOCUMENT_PAGE_MODELS:
        for page in model.objects.filter(legal_bases=document).select_related("owner"):
            _flag, new = ReviewFlag.objects.get_or_create(
                page=page,
                legal_document=document,
                status=document.status,
                defaults={"due_date": due, "agency_id": page.agency_id},
            )
            if new:
                created += 1
                _notify(page, document, due)
    return created


def _notify(page: Any, document: LegalDocument, due: dt.date) -> None:
    if page.owner is None:
        return
    # In the app only, as before the shared notifier: the flag register is the follow-up.
    notify(
        recipients=[page.owner],
        template="legal-flag",
        context={
            "code": page.code,
            "title": page.title,
            "number": document.number,
            "status": LegalDocument.Status(document.status).label,
            "due": due,
        },
        kind=Notification.Kind.REMINDER,
        target=page,
        event_key=f"documents.legal:{page.pk}:{document.pk}:{document.status}",
        email=False,
    )


@transaction.atomic
def legal_document_status_revert(
    *, document: LegalDocument, user: Any, reason: str
) -> LegalDocument:
    """Undo a wrong "amended"/"repealed": back in force, with a reason; its flags are cleared.

    A status change flags documents in every agency; a mistaken one must be reversible by the
    register's maintainers, recorded in the history with who and why (ISO 9001:2015 7.5.3.2).
    """
    check_can_maintain_province_register(user)
    if is_blank(reason):
        raise ValidationError(_("Say why the status change is undone."))
    wrong = document.status
    if wrong == LegalDocument.Status.IN_FORCE:
        raise ValidationError(_("This legal document is already in force."))
    if wrong == LegalDocument.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn entry stays withdrawn."))
    document.status = LegalDocument.Status.IN_FORCE
    record_change(document, user=user, reason=reason)
    # Flags raised by the mistaken status are answered by this correction, not by a release.
    _resolve_flags(document, user, reason, status=wrong)
    return document


def _resolve_flags(
    document: LegalDocument, user: Any, reason: str, status: str | None = None
) -> None:
    flags = ReviewFlag.objects.filter(legal_document=document, resolved_at__isnull=True)
    if status is not None:
        flags = flags.filter(status=status)
    now = timezone.now()
    for flag in flags:
        flag.resolved_at = now
        record_change(flag, user=user, reason=reason, update_fields=["resolved_at"])


@transaction.atomic
def legal_document_withdraw(
    *, document: LegalDocument, user: Any, reason: str
) -> LegalDocument:
    """Withdraw an entry from the register, with the reason; it is kept, marked, never deleted.

    ISO 9001:2015 7.5.3.2(c): the register keeps what it said and when; documents citing the
    entry still show it. Its open re-examination flags are answered by the withdrawal.
    """
    check_can_maintain_province_register(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the withdrawal.")})
    document = LegalDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == LegalDocument.Status.WITHDRAWN:
        raise ValidationError(_("This entry has already been withdrawn."))
    document.status = LegalDocument.Status.WITHDRAWN
    document.withdrawal_reason = reason
    change_reason = _("Withdrawn: %(reason)s") % {"reason": reason}
    record_change(
        document,
        user=user,
        reason=change_reason,
        update_fields=["status", "withdrawal_reason"],
    )
    _resolve_flags(document, user, change_reason)
    return document
