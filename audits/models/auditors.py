"""Internal auditors' qualifications (ISO 9001:2015 7.2 and 9.2.2 d; TCVN ISO 19011 7).

A person is put on an audit team only with a certificate valid on the audit's date; the
audit settings may turn the refusal into a warning (e.g. while the agency's auditors wait
for the next course).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from qms.lib.inputs import TitleField, date_errors


class AuditorCertificate(models.Model):
    """A certificate of an internal auditor's training (Chứng chỉ đánh giá viên nội bộ)."""

    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("internal auditor"),
        on_delete=models.PROTECT,
        related_name="auditor_certificates",
    )
    course = TitleField(_("course"), max_length=255)
    issuer = TitleField(_("issued by"), max_length=255)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    # Empty: the certificate does not expire.
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    scan = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("scanned certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("auditor certificate")
        verbose_name_plural = _("auditor certificates")
        ordering = ["auditor__username", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="audits_auditorcertificate_expiry_after_issue_check",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.number})" if self.number else self.course

    def clean(self) -> None:
        errors = date_errors(self, past=["issued_on"], planned=["expires_on"])
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors["expires_on"] = _("A certificate cannot expire before it is issued.")
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day: dt.date) -> bool:
        """Issued by ``day`` and not yet expired on it."""
        return self.issued_on <= day and (
            self.expires_on is None or self.expires_on >= day
        )


@register_setting(icon="clipboard-list")
class AuditSettings(BaseGenericSetting):
    """How strictly the audit plan checks auditors' qualifications."""

    class CertificateRule(models.TextChoices):
        REFUSE = "refuse", _("Refuse the assignment")
        WARN = "warn", _("Warn only")

    uncertified_auditor: models.CharField[str, str] = models.CharField(
        _("auditor without a valid certificate"),
        max_length=10,
        choices=CertificateRule.choices,
        default=CertificateRule.REFUSE,
        help_text=_(
            "What happens when an auditor without a certificate valid on the audit's date "
            "is put on an audit team (ISO 9001:2015 7.2, 9.2.2)."
        ),
    )

    class Meta:
        verbose_name = _("audit settings")
