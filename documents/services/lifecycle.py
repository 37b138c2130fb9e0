"""Withdrawal and periodic review of released documents, decided by the agency's signers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy

from documents.models import (
    ControlledDocumentPage,
    DocumentRelease,
    DocumentReview,
    default_review_months,
)
from documents.publishing import withdrawal_authorised
from documents.services.releases import release_withdraw
from documents.services.signing import signature_failed_for_page
from qms.lib.text import is_blank


def _require(user: Any, page: ControlledDocumentPage, action: str) -> None:
    if (
        not PagePermissionPolicy()
        .instances_user_has_permission_for(user, action)
        .filter(pk=page.pk)
        .exists()
    ):
        raise PermissionDenied(_("You may not do this on this document."))


def _check_password(user: Any, password: str, page: ControlledDocumentPage) -> None:
    if not user.check_password(password):
        signature_failed_for_page(page=page, user=user)
        raise ValidationError(
            {"password": _("The password is wrong, so nothing was signed.")}
        )


@transaction.atomic
def document_withdraw(
    *, page: ControlledDocumentPage, user: Any, reason: str, password: str
) -> DocumentRelease:
    """Withdraw (Thu hồi) the release in force with a reason, then unpublish the page."""
    _require(user, page, "publish")
    if is_blank(reason):
        raise ValidationError({"reason": _("A withdrawal needs a reason.")})
    _check_password(user, password, page)
    release = release_withdraw(page=page, user=user, reason=reason)
    if release is None:
        raise ValidationError(_("This document has no release in force."))
    with withdrawal_authorised(page.pk):
        page.unpublish(user=user, log_action="wagtail.unpublish")
    return release


@transaction.atomic
def document_review(
    *,
    page: ControlledDocumentPage,
    user: Any,
    password: str,
    outcome: str,
    note: str = "",
) -> DocumentReview:
    """Record a periodic review: no change moves the next review date; otherwise a draft starts."""
    _require(user, page, "change")
    _check_password(user, password, page)
    release = page.current_release()
    if release is None:
        raise ValidationError(_("This document has no release in force."))
    today = timezone.localdate()
    next_date = (
        page.review_due_from(today, default_review_months())
        if outcome == DocumentReview.Outcome.NO_CHANGE
        else None
    )
    profile = getattr(user, "staff_profile", None)
    review = DocumentReview.objects.create(
        page=page,
        release=release,
        reviewer=user,
        printed_name=profile.full_name if profile else user.get_full_name(),
        outcome=outcome,
        note=note,
        content_hash=release.content_hash,
        next_review_date=next_date,
    )
    if next_date is not None:
        # Not content, so no revision: the review row and the log entry below carry the date.
        type(page).objects.filter(pk=page.pk).update(next_review_date=next_date)
    else:
        # A new draft from the release in force, for the owner to amend and submit.
        draft = page.get_latest_revision_as_object()
        draft.save_revision(user=user, log_action=True)
    log(
        instance=page,
        action="documents.review.record",
        user=user,
        data={
            "outcome": outcome,
            "next_review_date": next_date.isoformat() if next_date else None,
        },
    )
    return review
