"""The API's representations: English field names, Vietnamese descriptions (issue 17)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api import reads
from qms.lib.notify import absolute_url
from qms.models import Agency, ReceivingUnit


class AgencySerializer(serializers.ModelSerializer[Agency]):
    kind_label = serializers.CharField(
        source="get_kind_display", help_text=_("Agency type, in words.")
    )
    url = serializers.SerializerMethodField(help_text=_("The agency's public page."))

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "admin_code",
            "parent",
            "address",
            "valid_from",
            "valid_to",
            "legal_basis",
            "url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, agency: Agency) -> str | None:
        page = getattr(agency, "page", None)
        return absolute_url(page.url) if page is not None and page.live else None


class UnitSerializer(serializers.ModelSerializer[ReceivingUnit]):
    url = serializers.SerializerMethodField(help_text=_("The unit's public page."))

    class Meta:
        model = ReceivingUnit
        fields = [
            "id",
            "agency",
            "name",
            "kind",
            "address",
            "opening_hours",
            "phone",
            "email",
            "url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, unit: ReceivingUnit) -> str | None:
        page = getattr(unit, "page", None)
        return absolute_url(page.url) if page is not None and page.live else None


class LegalBasisSerializer(serializers.Serializer[dict[str, Any]]):
    number = serializers.CharField(
        help_text=_("Number and symbol of the legal document.")
    )
    title = serializers.CharField()
    status = serializers.CharField(help_text=_("in_force, amended, repealed…"))


class DocumentSerializer(serializers.Serializer[Any]):
    """A controlled document in force: its release as issued, and where to read and check it."""

    agency = serializers.IntegerField(source="agency_id")
    code = serializers.CharField(help_text=_("Document code, e.g. QT-HT-01."))
    title = serializers.CharField()
    type = serializers.SerializerMethodField(
        help_text=_("procedure, internal_rule or policy.")
    )
    release = serializers.IntegerField(source="number", help_text=_("Release number."))
    effective_date = serializers.DateField()
    url = serializers.SerializerMethodField(help_text=_("Public page."))
    pdf_url = serializers.SerializerMethodField(help_text=_("Controlled PDF copy."))
    verify_url = serializers.SerializerMethodField(
        help_text=_("Page that tells whether a printed copy is in force.")
    )
    legal_bases = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(list(reads.TYPE_NAMES.values())))
    def get_type(self, release: Any) -> str:
        return reads.document_type(release)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, release: Any) -> str | None:
        return reads.page_url(release)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, release: Any) -> str | None:
        return reads.pdf_url(release)

    @extend_schema_field(serializers.URLField())
    def get_verify_url(self, release: Any) -> str:
        return reads.verify_url(release)

    @extend_schema_field(LegalBasisSerializer(many=True))
    def get_legal_bases(self, release: Any) -> list[dict[str, Any]]:
        return self.context.get("legal_bases", {}).get(release.page_id, [])


class VerifySerializer(serializers.Serializer[Any]):
    """What the verify page says of a release, for a machine."""

    token = serializers.CharField(source="verify_token")
    code = serializers.CharField()
    title = serializers.CharField()
    release = serializers.IntegerField(source="number")
    effective_date = serializers.DateField()
    status = serializers.SerializerMethodField(
        help_text=_("in_force, superseded or withdrawn.")
    )
    superseded_at = serializers.DateTimeField(allow_null=True)
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawal_reason = serializers.CharField(allow_blank=True)
    in_force_verify_url = serializers.SerializerMethodField(
        help_text=_(
            "For a superseded release: the verify page of the release in force."
        )
    )
    pdf_url = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(["in_force", "superseded", "withdrawn"])
    )
    def get_status(self, release: Any) -> str:
        if release.withdrawn_at is not None:
            return "withdrawn"
        return "superseded" if release.superseded_at is not None else "in_force"

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_in_force_verify_url(self, release: Any) -> str | None:
        current = self.context.get("in_force")
        return reads.verify_url(current) if current is not None else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, release: Any) -> str | None:
        return reads.pdf_url(release)
