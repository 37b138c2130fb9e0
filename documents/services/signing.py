"""Electronic signatures in the approval workflow (reliability tests ES-01…ES-04, RL-08)."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.log_actions import log
from wagtail.models import Page, Revision, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from documents.models import DocumentRelease, ElectronicSignature, SigningTask
from qms.lib.text import is_blank

logger = logging.getLogger("documents.signing")


def revision_content_hash(revision: Revision) -> str:
    """SHA-256 over the canonical JSON of the fields a signature covers (ES-03)."""
    page_class = revision.content_type.model_class()
    fields = getattr(page_class, "signed_fields", ("title",))
    content = {name: revision.content.get(name) for name in sorted(fields)}
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def user_can_sign(*, task: SigningTask, page: Page, user: Any) -> bool:
    """Approval: whoever may publish the page; review: whoever may edit it.

    Never the submitter, and the approver is not the reviewer of the same revision.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    # Ask the group page permissions directly: page.permissions_for_user() consults the
    # workflow task, which would ask us again.
    action = (
        "publish" if task.meaning == ElectronicSignature.Meaning.APPROVAL else "change"
    )
    allowed = (
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, action)
        .filter(pk=page.pk)
        .exists()
    )
    if not allowed:
        return False
    state = page.current_workflow_state
    submitter = state.requested_by_id if state else None
    # Nobody signs what they submitted themselves (ISO 9001:2015 7.5.2(c): approval by others).
    if user.pk == submitter:
        return False
    if action == "publish":
        return not _reviewed_it_themselves(page, user)
    return True


def _reviewed_it_themselves(page: Page, user: Any) -> bool:
    """Reviewer and approver differ unless the settings allow one signer (small units)."""
    from documents.models.settings import DocumentSettings

    if DocumentSettings.load().allow_single_signer:
        return False
    task_state = page.current_workflow_task_state
    if task_state is None:
        return False
    return ElectronicSignature.objects.filter(
        revision_id=task_state.revision_id,
        signer=user,
        meaning=ElectronicSignature.Meaning.REVIEW,
    ).exists()


def task_states_for_signer(*, task: SigningTask, user: Any) -> QuerySet[TaskState]:
    """In-progress states of this task on documents the user may sign (dashboard 'awaiting you')."""
    action = (
        "publish" if task.meaning == ElectronicSignature.Meaning.APPROVAL else "change"
    )
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, action)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    states = task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=page_ids
    ).exclude(workflow_state__requested_by=user)
    if task.meaning == ElectronicSignature.Meaning.APPROVAL:
        from documents.models.settings import DocumentSettings

        if not DocumentSettings.load().allow_single_signer:
            reviewed = ElectronicSignature.objects.filter(
                signer=user, meaning=ElectronicSignature.Meaning.REVIEW
            ).values("revision_id")
            states = states.exclude(revision_id__in=reviewed)
    return states


def _printed_name_and_position(user: Any) -> tuple[str, str]:
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        return profile.full_name, profile.position.name
    return (user.get_full_name() or user.get_username()), ""


def signing_role(meaning: str) -> str:
    """The role a signer signs in, as a noun: "Soát xét" / "Phê duyệt"."""
    if meaning == ElectronicSignature.Meaning.APPROVAL:
        return pgettext("signing role", "Approval")
    return pgettext("signing role", "Review")


def signing_subject(*, page: Any, meaning: str, revision: Any = None) -> str:
    """What is signed, in which role: "Phê duyệt: QT-HT-01 Quy trình …, lần ban hành 02".

    The release is the one the revision became, or the next number while it is in review.
    """
    number = None
    if revision is not None:
        number = (
            DocumentRelease.objects.filter(revision=revision)
            .values_list("number", flat=True)
            .first()
        )
    if number is None:
        last = (
            DocumentRelease.objects.filter(page_id=page.pk)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        number = (last or 0) + 1
    specific = page.specific
    title = str(specific.title)
    return _("%(role)s: %(code)s %(title)s, release %(number)02d") % {
        "role": signing_role(meaning),
        "code": getattr(specific, "code", ""),
        "title": title if len(title) <= 80 else title[:79] + "…",
        "number": number,
    }


@transaction.atomic
def task_sign(
    *,
    task: SigningTask,
    task_state: TaskState,
    user: Any,
    password: str,
    comment: str = "",
) -> ElectronicSignature:
    """Record the signer's signature over the revision in review, then approve the step."""
    # Lock the step: two approvers clicking at once give one transition (RL-08).
    state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
    if state.status != TaskState.STATUS_IN_PROGRESS:
        raise ValidationError(
            _("This step has already been completed by someone else.")
        )
    page = state.revision.content_object
    if not user.check_password(
        password
    ):  # the form checked it; a service never trusts a form
        signature_failed(task=task, user=user)
        raise PermissionDenied(_("The password is wrong, so nothing was signed."))
    if not user_can_sign(task=task, page=page, user=user):
        raise PermissionDenied(_("You may not sign this document."))
    sign_preflight(task=task, revision=state.revision, page=page)
    name, position = _printed_name_and_position(user)
    try:
        with transaction.atomic():
            signature = ElectronicSignature.objects.create(
                page=page,
                revision=state.revision,
                signer=user,
                printed_name=name,
                position=position,
                meaning=task.meaning,
                content_hash=revision_content_hash(state.revision),
                comment=comment,
            )
    except IntegrityError:
        raise ValidationError(_("You have already signed this revision.")) from None
    log(
        instance=page,
        action="documents.signature.sign",
        user=user,
        revision=state.revision,
    )
    state.approve(user=user, comment=comment)
    return signature


def sign_preflight(*, task: SigningTask, revision: Revision, page: Page) -> None:
    """Refuse, before anything is signed, a signature over a version no longer on screen, or
    an approval whose publishing would fail.

    A revision saved after the one in the step (an edit, an autosave, by anyone) means the
    signer sees other content than they would sign: both steps refuse, naming who saved it.
    The approval publishes at once; a refusal found only then would roll the signature back
    behind an error page. The signing form calls this too, to show the reason in the dialog.
    """
    latest = page.get_latest_revision()
    if latest is not None and latest.pk != revision.pk:
        raise ValidationError(changed_in_review_message(latest))
    if task.meaning != ElectronicSignature.Meaning.APPROVAL:
        return
    from documents.models.releases import amendment_summary_error

    error = amendment_summary_error(
        page.pk, revision.content.get("amendment_summary") or ""
    )
    if error:
        raise ValidationError(error)


def changed_in_review_message(latest: Revision) -> str:
    """Why a step cannot be signed once a newer version was saved, and what to do."""
    from documents.revision_guard import author_and_time

    return _(
        "%(author)s saved a newer version at %(time)s, after this one was sent for review, so "
        "nothing was signed: what you would sign is no longer what the document says. Choose "
        "Request changes so that the author sends the new version for review."
    ) % author_and_time(latest)


@transaction.atomic
def task_reject(*, task_state: TaskState, user: Any, comment: str) -> None:
    """Return the draft to its author with the reason (the comment is required)."""
    if is_blank(comment):
        raise ValidationError(
            _("Say what must be changed: the draft returns to its author.")
        )
    state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
    if state.status != TaskState.STATUS_IN_PROGRESS:
        raise ValidationError(
            _("This step has already been completed by someone else.")
        )
    state.reject(user=user, comment=comment)


def signature_failed_for_page(*, page: Page, user: Any) -> None:
    """Log a refused signature outside the workflow (withdrawal, periodic review)."""
    logger.warning(
        "Failed electronic signature by %s on page %s",
        getattr(user, "username", "?"),
        page.pk,
    )
    log(instance=page, action="documents.signature.failed", user=user)


def signature_failed(*, task: SigningTask, user: Any) -> None:
    """Log a failed signing attempt (wrong password): security event, nothing signed (ES-01)."""
    username = getattr(user, "username", "?")
    logger.warning("Failed electronic signature by %s on task %s", username, task.pk)
    if user is not None:
        log(instance=task, action="documents.signature.failed", user=user)


def signature_mismatches() -> list[ElectronicSignature]:
    """Signatures whose stored hash no longer matches the revision they point at (ES-03)."""
    signatures = ElectronicSignature.objects.select_related(
        "revision__content_type"
    ).order_by("pk")
    return [
        s for s in signatures if s.content_hash != revision_content_hash(s.revision)
    ]


def releases_without_signature_chain() -> list[tuple[Any, list[str]]]:
    """Releases in force whose revision lacks its complete, matching signature chain."""
    from documents.models import DocumentRelease
    from documents.publishing import signature_chain_problems

    current = DocumentRelease.objects.filter(
        superseded_at__isnull=True, withdrawn_at__isnull=True
    ).select_related("revision__content_type")
    found = []
    for release in current.order_by("pk"):
        problems = signature_chain_problems(release.revision)
        if release.content_hash != revision_content_hash(release.revision):
            problems.append(
                _("The release's content hash does not match its revision.")
            )
        if problems:
            found.append((release, problems))
    return found
