"""Releases, electronic signatures and the signing workflow task (ISO 9001:2015 7.5.2, 7.5.3).

A release is our own append-only record of what was approved and published: the frozen
revision, the signatures, the content hash and the controlled PDF. Pages change; releases don't.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Task, TaskState

from qms.lib.text import is_blank


def _new_token() -> str:
    return secrets.token_urlsafe(18)


class DocumentRelease(models.Model):
    """One release (Lần ban hành) of a controlled document."""

    class PdfStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("controlled document"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    number = models.PositiveSmallIntegerField(_("release number"))
    amendment_summary = models.TextField(_("amendment summary"), blank=True)
    effective_date = models.DateField(_("effective date"))
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("approved revision"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_hash = models.CharField(_("content SHA-256"), max_length=64)
    code = models.CharField(_("document code"), max_length=40)
    title = models.CharField(_("title"), max_length=255)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    verify_token = models.CharField(
        _("verification token"), max_length=40, unique=True, default=_new_token
    )
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    pdf = models.FileField(_("controlled PDF"), upload_to="releases/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_status = models.CharField(
        _("PDF status"),
        max_length=20,
        choices=PdfStatus.choices,
        default=PdfStatus.QUEUED,
    )
    pdf_error = models.TextField(_("PDF error"), blank=True)
    # When pdf_status last changed: the sweeper measures "stuck" from here, not from the
    # publication, so a regenerated or retried render gets its own time.
    pdf_status_at = models.DateTimeField(_("PDF status since"), null=True, blank=True)
    # Renders started since the last request for one: bounds how often the sweeper brings
    # back a render that keeps killing its worker (a poison message).
    pdf_attempts = models.PositiveSmallIntegerField(_("PDF attempts"), default=0)
    # When the release_published receivers (e.g. the read-and-understood fan-out) all
    # finished; empty until then, so the sweeper can send the announcement again.
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["page_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="documents_release_number_uniq"
            ),
            # At most one release of a document is in force at a time.
            models.UniqueConstraint(
                fields=["page"],
                condition=Q(superseded_at__isnull=True, withdrawn_at__isnull=True),
                name="documents_release_one_current_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.number_label}"

    @property
    def number_label(self) -> str:
        return f"{self.number:02d}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None and self.withdrawn_at is None

    @property
    def status_label(self) -> str:
        if self.withdrawn_at:
            return str(_("Withdrawn"))
        if self.superseded_at:
            return str(_("Superseded"))
        return str(_("In force"))


def amendment_summary_error(page_id: int | None, summary: str) -> str | None:
    """What is wrong with a release's amendment summary, or None (ISO 9001:2015 7.5.3.2(c)).

    From release 02 on, each release says what it changes, in other words than the last one.
    The editor's form, the signing dialog and the release itself all ask this one question.
    """
    from django.utils.translation import gettext

    if page_id is None:
        return None
    last = DocumentRelease.objects.filter(page_id=page_id).order_by("-number").first()
    if last is None:
        return None
    if is_blank(summary):
        return gettext(
            "Describe what this release changes: the amendment summary is required from release 02 on."
        )
    if summary.strip() == last.amendment_summary.strip():
        return gettext(
            "The amendment summary is the same as release %(number)s; describe this release's changes."
        ) % {"number": last.number_label}
    return None


class ElectronicSignature(models.Model):
    """A signature on one revision: who, as what, when, over which content (21 CFR 11.50/11.70)."""

    class Meaning(models.TextChoices):
        REVIEW = "review", pgettext_lazy("signature meaning", "Reviewed")
        APPROVAL = "approval", pgettext_lazy("signature meaning", "Approved")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="signatures"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    release = models.ForeignKey(
        DocumentRelease,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    printed_name = models.CharField(_("printed name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    meaning = models.CharField(_("meaning"), max_length=20, choices=Meaning.choices)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    content_hash = models.CharField(_("content SHA-256"), max_length=64)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("electronic signature")
        verbose_name_plural = _("electronic signatures")
        ordering = ["signed_at"]
        constraints = [
            # One signature per signer and meaning on a revision (RL-08: no double approval).
            models.UniqueConstraint(
                fields=["revision", "signer", "meaning"],
                name="documents_signature_once_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.printed_name} ({self.get_meaning_display()})"


class SigningTask(Task):
    """A workflow step that re-asks the signer's password (ES-01) and records a signature.

    Who may act is decided by page permissions on the document's agency subtree: the review
    step by anyone who may edit the document except its submitter, the approval step by those
    who may publish it (the agency's heads).
    """

    meaning = models.CharField(
        _("meaning"), max_length=20, choices=ElectronicSignature.Meaning.choices
    )

    admin_form_fields: ClassVar[list[str]] = [*Task.admin_form_fields, "meaning"]

    class Meta:
        verbose_name = _("signing step")
        verbose_name_plural = _("signing steps")

    def user_can_act(self, obj: Any, user: Any) -> bool:
        from documents.services.signing import user_can_sign

        return user_can_sign(task=self, page=obj, user=user)

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if not self.user_can_act(obj, user):
            return []
        # Remember who is acting, and on what, so the signature form can check *their*
        # password and say why an approval could not publish before anything is signed.
        self._acting_user = user
        self._acting_page = obj
        return [
            ("reject", _("Request changes"), True),
            ("approve", self.sign_label(obj), True),
        ]

    def sign_label(self, obj: Any) -> str:
        """The action and dialog title: what is signed, which release, in which role."""
        from documents.services.signing import signing_subject

        state = getattr(obj, "current_workflow_task_state", None)
        subject = signing_subject(
            page=obj, meaning=self.meaning, revision=state.revision if state else None
        )
        return _("Sign as %(subject)s") % {"subject": subject}

    def get_form_for_action(self, action: str) -> Any:
        from documents.signing_forms import rejection_form, signature_form

        return signature_form(self) if action == "approve" else rejection_form()

    def on_action(
        self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any
    ) -> Any:
        from documents.services.signing import task_reject, task_sign

        if action_name == "approve":
            signature = task_sign(task=self, task_state=task_state, user=user, **kwargs)
            # Wagtail's workflow view shows no message; a confirmation screen step says what
            # was signed, then goes on to the document (issue 13 part 7).
            return reverse("documents_signed", args=[signature.pk])
        if action_name == "reject":
            return task_reject(
                task_state=task_state, user=user, comment=kwargs.get("comment", "")
            )
        return None

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self.user_can_act(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        # Nobody but the signers edits a document while it awaits their signature.
        return not self.user_can_act(obj, user)

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> Any:
        from documents.services.signing import task_states_for_signer

        return task_states_for_signer(task=self, user=user)

    @classmethod
    def get_description(cls) -> Any:
        return _("The agency's signers re-enter their password to review or approve.")


class ReviewReminder(models.Model):
    """One reminder sent for a document's periodic review (ISO 9001:2015 7.5.2/7.5.3).

    The unique row makes the daily task idempotent: a rerun or a redelivered task sends nothing
    twice for the same document, due date and kind of reminder.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Review due soon")
        OVERDUE = "overdue", _("Review overdue")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField(_("review due date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_date", "kind"],
                name="documents_reviewreminder_once_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.kind} {self.due_date}"


class DocumentReview(models.Model):
    """The outcome of a periodic review (ISO 9001:2015 7.5.2: documents are reviewed for adequacy)."""

    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", _("Still adequate, no change")
        NEEDS_CHANGE = "needs_change", _("Needs changes (a new draft starts)")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+"
    )
    release = models.ForeignKey(
        DocumentRelease, on_delete=models.PROTECT, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    printed_name = models.CharField(_("printed name"), max_length=150)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    content_hash = models.CharField(_("content SHA-256"), max_length=64)
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)
    next_review_date = models.DateField(_("next review date"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.release} {self.get_outcome_display()}"
