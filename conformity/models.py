"""The scope of the ISO system (ISO 9001:2015 4.3) and its announcement (QĐ 19/2014, TT 26/2014).

An agency writes the scope of its quality management system as numbered versions: the
administrative procedures (TTHC) it covers with their national codes, its processes, the
units that apply it, and each requirement it does not apply with the justification 4.3
asks for. A version is drafted by the ISO secretary and approved by the head with the
password; the current scope is the latest approved version, and an approved version never
changes. The head then announces the system's conformity by a decision (Art. 4 QĐ
19/2014/QĐ-TTg), kept as a PDF; a wrong announcement is withdrawn with a reason, never
deleted. When the current scope is newer than the announced one, a new announcement is due.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.dates import format_date
from qms.lib.storage import private_storage


class ScopeVersion(models.Model):
    """One numbered version of an agency's ISO scope (ISO 9001:2015 4.3)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    # Frozen lists, not links: an approved scope keeps saying what it said even after a
    # procedure page is renamed or a unit closes. [{"code": "1.001234", "name": "..."}]
    procedures = models.JSONField(
        _("administrative procedures covered"), default=list, blank=True
    )
    processes = models.TextField(
        _("processes"), blank=True, help_text=_("One process a line.")
    )
    units = models.JSONField(_("units applying the system"), default=list, blank=True)
    # [{"requirement": "8.3", "justification": "..."}]: 4.3 asks for the justification.
    exclusions = models.JSONField(
        _("requirements not applicable"), default=list, blank=True
    )
    changes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(
        _("approved at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ISO scope version")
        verbose_name_plural = _("ISO scope versions")
        ordering = ["agency", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], name="conformity_scope_number_uniq"
            ),
            # One draft at a time: the next version is written in one place.
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(status="draft"),
                name="conformity_scope_one_draft_uniq",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | models.Q(approved_at__isnull=False),
                name="conformity_scope_approved_ck",
            ),
        ]

    def __str__(self) -> str:
        return str(_("ISO scope, version %(number)s") % {"number": self.number})

    @property
    def process_lines(self) -> list[str]:
        return [line.strip() for line in self.processes.splitlines() if line.strip()]


class Announcement(models.Model):
    """A decision announcing the QMS conforms to TCVN ISO 9001 (Art. 4 QĐ 19/2014)."""

    class Standard(models.TextChoices):
        V2015 = "TCVN ISO 9001:2015", "TCVN ISO 9001:2015"
        # Kept for the history of agencies that announced before the 2015 transition.
        V2008 = "TCVN ISO 9001:2008", "TCVN ISO 9001:2008"

    class Source(models.TextChoices):
        GENERATED = "generated", _("Generated and signed with the password")
        UPLOADED = "uploaded", _("Scanned signed decision uploaded")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agency = models.ForeignKey(
        "qms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.ForeignKey(
        ScopeVersion,
        verbose_name=_("scope version"),
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # As printed on the decision: a later change of the person's name or post changes nothing.
    signer_name = models.CharField(_("signer's name"), max_length=150)
    signer_position = models.CharField(_("signer's position"), max_length=150)
    standard = models.CharField(
        _("standard"),
        max_length=30,
        choices=Standard.choices,
        default=Standard.V2015,
    )
    source = models.CharField(
        _("decision file"), max_length=20, choices=Source.choices, editable=False
    )
    file = models.FileField(
        _("decision (PDF)"),
        upload_to="conformity/%Y/",
        storage=private_storage,
        max_length=200,
        editable=False,
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    is_public = models.BooleanField(
        _("decision published on the portal"),
        default=True,
        help_text=_("Citizens can download the decision from the agency's page."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        editable=False,
    )
    withdrawn_reason = models.TextField(
        _("reason for withdrawal"), blank=True, editable=False
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ISO announcement")
        verbose_name_plural = _("ISO announcements")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "decision_number"],
                name="conformity_announcement_number_uniq",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn")
                | ~models.Q(withdrawn_reason=""),
                name="conformity_announcement_withdrawn_ck",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "status", "decision_date"],
                name="conformity_ann_ag_st_idx",
            )
        ]

    def __str__(self) -> str:
        return str(
            _("Decision %(number)s of %(date)s")
            % {"number": self.decision_number, "date": format_date(self.decision_date)}
        )

    @property
    def page(self) -> Any:
        """The agency's public page, where the announcement shows (the proxy purges it)."""
        try:
            return self.agency.page
        except ObjectDoesNotExist:
            return None
