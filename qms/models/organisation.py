"""The organisation: agencies, their one-stop units, positions, staff and successions.

Effective-dated so that the 1 July 2025 reorganisation (merger of Hưng Yên and Thái Bình,
end of district level, Luật 72/2025/QH15) can be expressed without losing history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.lib.inputs import CodeField, TitleField, date_errors, duplicate_code_error
from qms.roles import Role


class Agency(models.Model):
    """A state agency (cơ quan): UBND tỉnh, a sở, a ward's People's Committee…"""

    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = (
            "ubnd_tinh",
            _("Provincial People's Committee (UBND tỉnh)"),
        )
        COMMITTEE_OFFICE = (
            "van_phong_ubnd",
            _("Office of the People's Committee (Văn phòng UBND)"),
        )
        DEPARTMENT = "so", _("Department (Sở)")
        BOARD = "ban", _("Board (Ban)")
        INSPECTORATE = "thanh_tra", _("Inspectorate (Thanh tra)")
        DISTRICT_COMMITTEE = (
            "ubnd_huyen",
            _(
                "District, town or city People's Committee (UBND huyện, before 1 July 2025)"
            ),
        )
        WARD_COMMITTEE = "ubnd_phuong", _("Ward People's Committee (UBND phường)")
        COMMUNE_COMMITTEE = "ubnd_xa", _("Commune People's Committee (UBND xã)")
        CENTRE = "trung_tam", _("Centre (Trung tâm)")
        OTHER = "khac", _("Other")

    name = TitleField(_("agency name"), max_length=255)
    short_name = TitleField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("agency type"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Unique among agencies that have one, compared as codes (qms.lib.text.code_key).
    admin_code = CodeField(
        _("agency code / administrative unit code (mã ĐVHC)"),
        max_length=30,
        blank=True,
        help_text=_(
            "Administrative unit code or agency identifier, e.g. 33 for Hưng Yên province."
        ),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Both dates may be planned (a reorganisation decided ahead): 1945 to ten years ahead.
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The agency's last day of operation; leave blank if it is still operating."
        ),
    )
    legal_basis = models.TextField(
        _("legal basis for establishment"),
        blank=True,
        help_text=_("The document establishing or reorganising the agency."),
    )
    dissolution_basis = models.TextField(
        _("legal basis for dissolution / merger"), blank=True
    )
    # The agency's private Wagtail collection: its files and images, granted to its own
    # groups only (issue 10 part 2; set by qms.services.agency_collection_ensure).
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("file collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="agency",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="qms_agency_valid_to_after_from_check",
                violation_error_message=_(
                    "The end date must be on or after the start date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="qms_agency_not_own_parent_check",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = date_errors(self, planned=("valid_from", "valid_to"))
        duplicate = duplicate_code_error(self, "admin_code")
        if duplicate:
            errors["admin_code"] = duplicate
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date must be on or after the start date.")
        if self.parent_id and self._would_create_cycle():
            errors["parent"] = _(
                "The parent agency cannot be this agency or one of its subordinate agencies."
            )
        if errors:
            raise ValidationError(errors)

    def _would_create_cycle(self) -> bool:
        # Walk up from the proposed parent; meeting ourselves means a cycle.
        seen: set[int] = set()
        current: int | None = self.parent_id
        while current is not None:
            if current == self.pk or current in seen:
                return True
            seen.add(current)
            current = (
                Agency.objects.filter(pk=current)
                .values_list("parent_id", flat=True)
                .first()
            )
        return False

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_dissolved(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()


class ReceivingUnit(models.Model):
    """The one-stop unit of an agency (Bộ phận Một cửa / Trung tâm Phục vụ hành chính công)."""

    class Kind(models.TextChoices):
        ONE_STOP = "bo_phan_mot_cua", _("One-stop unit (Bộ phận Một cửa)")
        SERVICE_CENTRE = "trung_tam_pvhcc", _("Public administrative service centre")
        RECEIVING = "bo_phan_tn_tkq", _("Reception and results unit (before 2018)")

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="receiving_units",
    )
    name = TitleField(_("unit name"), max_length=255)
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.ONE_STOP
    )
    address = models.CharField(_("address"), max_length=255)
    opening_hours = models.TextField(
        _("opening hours"),
        help_text=_("For example: Monday to Friday: 7:30-11:30, 13:30-17:00."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    head = models.ForeignKey(
        "StaffProfile",
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("one-stop unit")
        verbose_name_plural = _("one-stop units")
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="qms_receivingunit_agency_name_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A job title (chức danh); competence requirements attach to it (ISO 9001:2015 7.2)."""

    name = TitleField(_("position"), max_length=150, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_one_stop = models.BooleanField(
        _("works at the one-stop unit"),
        default=False,
        help_text=_(
            "One-stop unit staff must have at least 3 years of service (NĐ 61/2018/NĐ-CP)."
        ),
    )
    is_head = models.BooleanField(_("leadership position"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Minimum years of civil service for one-stop staff (NĐ 61/2018/NĐ-CP, Điều 10).
ONE_STOP_MIN_SERVICE_YEARS = 3


class StaffProfile(models.Model):
    """A civil servant's place in the organisation; one per user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="staff_profile",
    )
    full_name = TitleField(_("full name"), max_length=150)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="staff"
    )
    # May belong to another agency: sở staff are seconded to the provincial service centre.
    receiving_unit = models.ForeignKey(
        ReceivingUnit,
        verbose_name=_("one-stop unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    # Has happened: not later than today, not before 1945 (qms.lib.inputs.date_error).
    service_start = models.DateField(
        _("service start date"),
        help_text=_(
            "The date the person became a civil servant or public employee; used for the 3-years-of-service requirement."
        ),
    )
    is_active = models.BooleanField(_("in service"), default=True)
    welcome_sent_at = models.DateTimeField(
        _("welcome email sent at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["agency__name", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors = date_errors(self, past=("service_start",))
        if errors:
            raise ValidationError(errors)

    def years_of_service(self, on: dt.date | None = None) -> int:
        on = on or timezone.localdate()
        years = on.year - self.service_start.year
        if (on.month, on.day) < (self.service_start.month, self.service_start.day):
            years -= 1
        return max(years, 0)

    @property
    def meets_one_stop_service_criterion(self) -> bool:
        return self.years_of_service() >= ONE_STOP_MIN_SERVICE_YEARS


class Succession(models.Model):
    """Predecessor → successor agency: merger, split or transfer of functions."""

    class Kind(models.TextChoices):
        MERGER = "sap_nhap", _("Merger / consolidation")
        SPLIT = "chia_tach", _("Division / separation")
        TRANSFER = "chuyen_giao", _("Transfer of functions")

    predecessor = models.ForeignKey(
        Agency,
        verbose_name=_("predecessor agency"),
        on_delete=models.PROTECT,
        related_name="successions",
    )
    successor = models.ForeignKey(
        Agency,
        verbose_name=_("successor agency"),
        on_delete=models.PROTECT,
        related_name="predecessions",
    )
    kind = models.CharField(
        _("form of succession"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.MERGER,
    )
    # May be planned: 1945 to ten years ahead.
    date = models.DateField(_("effective date"))
    legal_basis = TitleField(_("legal basis"), max_length=255)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency succession")
        verbose_name_plural = _("agency successions")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="qms_succession_pair_uniq"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="qms_succession_not_self_check",
                violation_error_message=_("An agency cannot succeed itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"

    def clean(self) -> None:
        errors = date_errors(self, planned=("date",))
        if errors:
            raise ValidationError(errors)


class AgencyGroup(models.Model):
    """The per-agency group that carries a role's page permissions on the agency's subtree.

    Django groups are global, while Wagtail page permissions are granted to a group on a page
    and inherited by its descendants; one group per (agency, role) gives each quality officer
    and head exactly their agency's part of the tree.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="access_groups"
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="agency_binding"
    )

    class Meta:
        verbose_name = _("agency permission group")
        verbose_name_plural = _("agency permission groups")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "role"], name="qms_agencygroup_agency_role_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.group.name
