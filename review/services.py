"""Services of the management review: plan, hold, record outputs, sign the minutes.

Every change goes through here with its history (user, reason). Who may act: the agency's
quality officer and head prepare and record (writable agency scope); only the chair signs;
an action's owner (or a manager) marks it done. Supervisors read, never write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.review_inputs import CLAUSES
from qms.lib.signing import require_password
from qms.models import Agency, StaffProfile
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles
from review.models import ManagementReview, ReviewAction

MANAGER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})
SIGN_FAILED = "review.minutes.sign_failed"
Status = ManagementReview.Status


def may_manage(user: Any, agency_id: int | None) -> bool:
    """A quality officer or head whose writable scope holds the agency, or a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not (user_roles(user) & MANAGER_ROLES):
        return False
    writable = agency_scope_for(user).writable
    return writable is None or agency_id in writable


def _require_manager(user: Any, review: ManagementReview) -> None:
    if not may_manage(user, review.agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_status(review: ManagementReview, *allowed: str) -> None:
    if review.status not in allowed:
        raise TransitionError(
            _("This is not possible while the review is %(status)s.")
            % {"status": review.get_status_display().lower()}
        )


def _lock(review: ManagementReview) -> ManagementReview:
    return ManagementReview.objects.select_for_update().get(pk=review.pk)


def default_data_start(
    agency_id: int, meeting_on: dt.date, *, exclude: Any = None
) -> dt.date:
    """Since the previous review held before ``meeting_on``, else 1 January of its year."""
    previous = (
        ManagementReview.objects.filter(
            agency_id=agency_id, held_on__isnull=False, held_on__lt=meeting_on
        )
        .exclude(pk=exclude)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return previous or dt.date(meeting_on.year, 1, 1)


def agency_staff(agency_id: int) -> Any:
    """The active staff of an agency (chair and attendees are chosen among them)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        staff_profile__agency_id=agency_id,
        staff_profile__is_active=True,
    )


def _check_people(review: ManagementReview, users: Iterable[Any]) -> None:
    staff = set(agency_staff(review.agency_id).values_list("pk", flat=True))
    if any(user.pk not in staff for user in users):
        raise ValidationError(
            {"chair": _("The chair and attendees must be staff of the agency.")}
        )


def review_save(
    *, instance: ManagementReview, user: Any, reason: str = ""
) -> ManagementReview:
    """Plan a review, or change the plan while it is planned (date, chair, data range)."""
    review = instance
    if not may_manage(user, review.agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    if review.pk:
        _require_status(ManagementReview.objects.get(pk=review.pk), Status.PLANNED)
    _check_people(review, [review.chair])
    review.year = review.planned_on.year
    review.data_end = review.data_end or review.planned_on
    review.data_start = review.data_start or default_data_start(
        review.agency_id, review.planned_on, exclude=review.pk
    )
    if review.data_start > review.data_end:
        raise ValidationError(
            {"data_start": _("The input data must start before it ends.")}
        )
    return record_change(
        review, user=user, reason=reason or _("Management review planned")
    )


def review_record_meeting(
    *,
    review: ManagementReview,
    user: Any,
    held_on: dt.date,
    attendees: Iterable[Any],
    guests: str = "",
    discussion: Mapping[str, str] | None = None,
    decisions: str = "",
) -> ManagementReview:
    """Record the meeting (date, attendees, discussion per input, decisions): it is held."""
    _require_manager(user, review)
    attendees = list(attendees)
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, Status.PLANNED, Status.HELD)
        _check_people(review, attendees)
        if held_on > timezone.localdate():
            raise ValidationError({"held_on": _("A meeting cannot be recorded ahead.")})
        review.held_on = held_on
        review.guests = guests.strip()
        review.discussion = {
            clause: text.strip()
            for clause, text in (discussion or {}).items()
            if clause in CLAUSES and text and text.strip()
        }
        review.decisions = decisions.strip()
        review.status = Status.HELD
        record_change(review, user=user, reason=_("Meeting recorded"))
        review.attendees.set(attendees)
    return review


def action_add(
    *,
    review: ManagementReview,
    user: Any,
    kind: str,
    description: str,
    owner: Any,
    due_on: dt.date,
) -> ReviewAction:
    """An output of the held review (9.3.3) becomes an action with owner and due date."""
    _require_manager(user, review)
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, Status.HELD)
        if not agency_staff(review.agency_id).filter(pk=owner.pk).exists():
            raise ValidationError(
                {"owner": _("The owner must be staff of the agency.")}
            )
        action = ReviewAction(
            review=review,
            kind=kind,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
        )
        return record_change(action, user=user, reason=_("Review output recorded"))


def may_complete(user: Any, action: ReviewAction) -> bool:
    return bool(
        user.is_authenticated
        and (action.owner_id == user.pk or may_manage(user, action.review.agency_id))
    )


def action_complete(*, action: ReviewAction, user: Any, result: str) -> ReviewAction:
    """The owner (or a manager) records what was done; the action is complete."""
    if not may_complete(user, action):
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        action = ReviewAction.objects.select_for_update().get(pk=action.pk)
        if action.status != ReviewAction.Status.OPEN:
            raise TransitionError(_("This action is no longer open."))
        if not result.strip():
            raise ValidationError({"result": _("Say what was done.")})
        action.status = ReviewAction.Status.DONE
        action.result = result.strip()
        action.done_on = timezone.localdate()
        return record_change(action, user=user, reason=_("Review action done"))


def action_cancel(*, action: ReviewAction, user: Any, reason: str) -> ReviewAction:
    """A manager cancels an open action that is no longer needed, saying why (the record
    stays: 9.3.3 outputs are evidence, never deleted)."""
    if not may_manage(user, action.review.agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        action = ReviewAction.objects.select_for_update().get(pk=action.pk)
        if action.status != ReviewAction.Status.OPEN:
            raise TransitionError(_("This action is no longer open."))
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the action is cancelled.")})
        action.status = ReviewAction.Status.CANCELLED
        action.result = reason.strip()
        action.done_on = timezone.localdate()
        return record_change(action, user=user, reason=_("Review action cancelled"))


def minutes_sign(
    *, review: ManagementReview, user: Any, password: str
) -> ManagementReview:
    """The chair signs the minutes with the password; the PDF is kept and the review closed."""
    from review.pdf import minutes_pdf
    from review.selectors import minutes_data

    if review.chair_id != user.pk:
        raise PermissionDenied(_("Only the chair of the meeting signs its minutes."))
    _require_status(ManagementReview.objects.get(pk=review.pk), Status.HELD)
    # Outside the transaction: a refused signature's log entry must survive.
    require_password(
        user=user, password=password, instance=review, failed_action=SIGN_FAILED
    )
    with transaction.atomic():
        review = _lock(review)
        _require_status(review, Status.HELD)
        now = timezone.now()
        content = minutes_pdf(minutes_data(review, signed_at=now, signer=user))
        review.minutes_sha256 = hashlib.sha256(content).hexdigest()
        review.minutes_pdf.save(
            f"bien-ban-xem-xet-{review.agency_id}-{review.pk}.pdf",
            ContentFile(content),
            save=False,
        )
        review.signed_at, review.signed_by = now, user
        review.status = Status.CLOSED
        record_change(
            review,
            user=user,
            reason=_("Minutes signed by the chair"),
            action="review.minutes.sign",
        )
    return review


def held_this_year(agency_ids: Iterable[int], year: int) -> set[int]:
    """The agencies among ``agency_ids`` with a review held (or closed) in ``year``."""
    return set(
        ManagementReview.objects.filter(
            agency_id__in=list(agency_ids),
            status__in=[Status.HELD, Status.CLOSED],
            held_on__year=year,
        ).values_list("agency_id", flat=True)
    )


def agencies_without_review(*, year: int) -> list[Agency]:
    """Agencies running a QMS (an active ISO secretary) with no review held in ``year``."""
    running = StaffProfile.objects.filter(
        is_active=True,
        user__is_active=True,
        user__groups__name=Role.QUALITY_OFFICER.value,
    ).values("agency_id")
    held = ManagementReview.objects.filter(
        status__in=[Status.HELD, Status.CLOSED], held_on__year=year
    ).values("agency_id")
    return list(
        Agency.objects.filter(pk__in=running).exclude(pk__in=held).order_by("name")
    )


def log_pack_request(review: ManagementReview, user: Any) -> None:
    log(instance=review, action="review.pack.generate", user=user)
