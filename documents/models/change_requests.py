"""Change requests ("Phiếu đề nghị sửa đổi, bổ sung tài liệu"), ISO 9001:2015 7.5.2, 7.5.3.

Anyone who works with a controlled document may ask for it to be changed; the ISO secretary
accepts (a draft of the document starts, linked to the request) or declines with a reason,
and the release that carries the change answers the request. Requests are evidence of how
documented information is controlled: they are never deleted, and every step is in their
history (who, when, why).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CODE_PREFIX = "PĐN"


class ChangeRequest(models.Model):
    """One request to change a controlled document, from raising to the release answering it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ANSWERED = "answered", _("Answered by a release")

    code = models.CharField(_("request number"), max_length=20, editable=False)
    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    document = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("controlled document"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    what = models.CharField(_("part or section to change"), max_length=255)
    why = models.TextField(_("reason for the change"))
    proposed_text = models.TextField(_("proposed text"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    draft_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("draft started"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_by_release = models.ForeignKey(
        "documents.DocumentRelease",
        verbose_name=_("answered by release"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_change_requests",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="documents_changerequest_code_uniq"
            ),
            # A decided request names who decided; an answered one names its release.
            models.CheckConstraint(
                condition=models.Q(status="submitted")
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="documents_changerequest_decided_ck",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered")
                | models.Q(answered_by_release__isnull=False),
                name="documents_changerequest_answered_ck",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "status"], name="documents_chreq_agency_st_idx"
            ),
            models.Index(
                fields=["document", "status"], name="documents_chreq_doc_st_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.what}"

    @property
    def is_open(self) -> bool:
        """Still waiting for someone: a decision, or the release that carries the change."""
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def answer_line(self) -> str:
        """The line a release's amendment summary carries for this request."""
        return str(_("Answers change request %(code)s: %(what)s")) % {
            "code": self.code,
            "what": self.what,
        }
