"""Endpoints for system clients with a key (issue 17 part 3): registers and feedback.

A key bound to an agency reads and writes that agency's records only; a province key may
name any agency. Another agency's records answer 403 as a problem document, nothing of them
shown.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from api.auth import KeyRateThrottle, SystemKeyAuthentication, scoped
from api.models import SystemKey
from api.problems import RowsRejected
from api.views import (
    AGENCY_PARAM,
    ApiView,
    _agency_ids,
    choice_filter,
    ordered,
    ordering_param,
)
from audits.models import Audit, Nonconformity
from documents.models import ProcedurePage
from dossiers.parsing import ImportFileError, field_for_heading
from dossiers.services import statistics_push
from feedback.services import feedback_submit
from performance.models import QualityObjective
from performance.selectors import latest_status, with_latest
from qms.models import Agency, ReceivingUnit
from training.models import Acknowledgment


class Keyed(ApiView):
    authentication_classes = [SystemKeyAuthentication]
    throttle_classes = [KeyRateThrottle, AnonRateThrottle]
    scope = ""

    def get_permissions(self) -> list[Any]:
        return [scoped(self.scope)()]

    @property
    def key(self) -> SystemKey:
        return self.request.auth  # type: ignore[attr-defined]

    def agency_ids(self) -> list[int]:
        """The agencies asked for (``?agency=``), refused outside the key's agency."""
        asked = self.request.query_params.get("agency")  # type: ignore[attr-defined]
        if asked:
            ids = _agency_ids(asked)
            if not all(self.key.covers(pk) for pk in ids):
                raise exceptions.PermissionDenied(
                    _("This key may not read another agency's records.")
                )
            return ids
        if self.key.agency_id is None:
            raise exceptions.ValidationError(
                {"agency": [_("A province key must name the agency.")]}
            )
        return [self.key.agency_id]


class NonconformitySerializer(serializers.ModelSerializer[Nonconformity]):
    class Meta:
        model = Nonconformity
        fields = [
            "code",
            "agency",
            "source",
            "severity",
            "status",
            "title",
            "detected_on",
            "closed_at",
        ]


class AuditSerializer(serializers.ModelSerializer[Audit]):
    class Meta:
        model = Audit
        fields = ["code", "agency", "planned_start", "planned_end", "status", "scope"]


NC_ORDERING = {"code": "code", "detected_on": "detected_on", "status": "status"}
AUDIT_ORDERING = {"code": "code", "planned_start": "planned_start"}


@extend_schema(
    summary=_("Nonconformities"),
    parameters=[
        AGENCY_PARAM,
        OpenApiParameter("status", OpenApiTypes.STR, enum=Nonconformity.Status.values),
        OpenApiParameter("source", OpenApiTypes.STR, enum=Nonconformity.Source.values),
        ordering_param(tuple(NC_ORDERING)),
    ],
)
class NonconformityList(Keyed, generics.ListAPIView):
    scope = SystemKey.Scope.READ_REGISTERS
    serializer_class = NonconformitySerializer

    def get_queryset(self) -> QuerySet[Nonconformity]:
        params = self.request.query_params
        queryset = Nonconformity.objects.filter(agency_id__in=self.agency_ids())
        for field, choices in (
            ("status", Nonconformity.Status.values),
            ("source", Nonconformity.Source.values),
        ):
            queryset = choice_filter(queryset, params.get(field), field, choices)
        return ordered(queryset, params.get("ordering"), NC_ORDERING, "-detected_on")


@extend_schema(
    summary=_("Internal audits"),
    parameters=[
        AGENCY_PARAM,
        OpenApiParameter("status", OpenApiTypes.STR, enum=Audit.Status.values),
        ordering_param(tuple(AUDIT_ORDERING)),
    ],
)
class AuditList(Keyed, generics.ListAPIView):
    scope = SystemKey.Scope.READ_REGISTERS
    serializer_class = AuditSerializer

    def get_queryset(self) -> QuerySet[Audit]:
        params = self.request.query_params
        queryset = Audit.objects.filter(agency_id__in=self.agency_ids())
        queryset = choice_filter(
            queryset, params.get("status"), "status", Audit.Status.values
        )
        return ordered(
            queryset, params.get("ordering"), AUDIT_ORDERING, "-planned_start"
        )


class ObjectiveSerializer(serializers.Serializer[Any]):
    agency = serializers.IntegerField(source="agency_id")
    year = serializers.IntegerField()
    objective = serializers.CharField(source="text")
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    direction = serializers.CharField(
        source="indicator.direction", help_text=_("higher or lower is better")
    )
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    frequency = serializers.CharField()
    latest_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )
    latest_period_start = serializers.DateField(source="latest_start", allow_null=True)
    latest_period_end = serializers.DateField(source="latest_end", allow_null=True)
    status = serializers.SerializerMethodField(
        help_text=_(
            "on_track, at_risk or missed by the latest measurement; null if none"
        )
    )

    def get_status(self, objective: QualityObjective) -> str | None:
        found = latest_status(objective)
        return str(found) if found else None


YEAR_PARAM = OpenApiParameter(
    "year", OpenApiTypes.INT, description=_("Calendar year (default: this year).")
)


@extend_schema(
    summary=_("Quality objectives"),
    description=_(
        "Approved quality objectives (ISO 9001:2015 6.2) with their latest measurement."
    ),
    parameters=[AGENCY_PARAM, YEAR_PARAM],
)
class ObjectiveList(Keyed, generics.ListAPIView):
    scope = SystemKey.Scope.READ_REGISTERS
    serializer_class = ObjectiveSerializer

    def get_queryset(self) -> QuerySet[QualityObjective]:
        year = self.request.query_params.get("year") or str(timezone.localdate().year)
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            raise exceptions.ValidationError({"year": [_("Enter a year, e.g. 2026.")]})
        approved = QualityObjective.objects.filter(
            agency_id__in=self.agency_ids(),
            year=int(year),
            status=QualityObjective.Status.APPROVED,
        )
        return (
            with_latest(approved)
            .select_related("indicator")
            .order_by("agency_id", "indicator__code", "pk")
        )


class CompletionSerializer(serializers.Serializer[Any]):
    agency = serializers.IntegerField()
    required = serializers.IntegerField(help_text=_("Readings assigned, in force."))
    confirmed = serializers.IntegerField(
        help_text=_("Confirmed as read and understood.")
    )
    overdue = serializers.IntegerField(help_text=_("Still pending after the due date."))


@extend_schema(
    summary=_("Reading completion"),
    description=_(
        "Read-and-understood confirmations of documents in force, per agency."
    ),
    parameters=[AGENCY_PARAM],
    responses=CompletionSerializer(many=True),
)
class ReadingCompletion(Keyed, generics.GenericAPIView):
    scope = SystemKey.Scope.READ_REGISTERS
    serializer_class = CompletionSerializer
    pagination_class = None  # type: ignore[assignment]

    def get(self, request: Request) -> Response:
        statuses = [Acknowledgment.Status.PENDING, Acknowledgment.Status.ACKNOWLEDGED]
        today = timezone.localdate()
        rows = (
            Acknowledgment.objects.filter(
                agency_id__in=self.agency_ids(), status__in=statuses
            )
            .values("agency_id")
            .annotate(
                required=Count("pk"),
                confirmed=Count(
                    "pk", filter=Q(status=Acknowledgment.Status.ACKNOWLEDGED)
                ),
                overdue=Count(
                    "pk",
                    filter=Q(status=Acknowledgment.Status.PENDING, due_date__lt=today),
                ),
            )
            .order_by("agency_id")
        )
        data = [{**row, "agency": row["agency_id"]} for row in rows]
        return Response(CompletionSerializer(data, many=True).data)


class FeedbackInSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(help_text=_("The one-stop unit concerned."))
    procedure_code = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Code of the procedure, if any.")
    )
    description = serializers.CharField(max_length=5000)
    contact = serializers.CharField(required=False, allow_blank=True, max_length=255)
    received_at = serializers.DateTimeField(
        required=False, help_text=_("When it was received elsewhere.")
    )


class FeedbackOutSerializer(serializers.Serializer[Any]):
    tracking_code = serializers.CharField()
    due_on = serializers.DateField()


@extend_schema(
    summary=_("Submit citizens' feedback"),
    description=_(
        "Feedback received through another channel, entered in the register."
    ),
    request=FeedbackInSerializer,
    responses={201: FeedbackOutSerializer},
)
class FeedbackCreate(Keyed, generics.GenericAPIView):
    scope = SystemKey.Scope.SUBMIT_FEEDBACK
    serializer_class = FeedbackInSerializer

    def post(self, request: Request) -> Response:
        given = FeedbackInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        unit = ReceivingUnit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"unit": [_("There is no such unit.")]})
        if not self.key.covers(unit.agency_id):
            raise exceptions.PermissionDenied(
                _("This key may not write another agency's records.")
            )
        procedure = None
        if data.get("procedure_code"):
            procedure = (
                ProcedurePage.objects.live()
                .filter(agency_id=unit.agency_id, code__iexact=data["procedure_code"])
                .first()
            )
            if procedure is None:
                raise exceptions.ValidationError(
                    {"procedure_code": [_("No procedure in force has this code.")]}
                )
        try:
            feedback = feedback_submit(
                unit=unit,
                description=data["description"],
                contact=data.get("contact", ""),
                procedure=procedure,
                received_at=data.get("received_at"),
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        out = FeedbackOutSerializer(feedback).data
        return Response(out, status=status.HTTP_201_CREATED)


class StatisticsRowSerializer(serializers.Serializer[Any]):
    """One procedure × month, as the one-stop system's statistics export has it."""

    national_code = serializers.CharField(help_text=_("National TTHC code."))
    procedure_name = serializers.CharField()
    period = serializers.CharField(help_text=_("The month, written MM/YYYY."))
    carried_over = serializers.IntegerField(min_value=0, required=False)
    received = serializers.IntegerField(min_value=0)
    resolved_early = serializers.IntegerField(min_value=0)
    resolved_on_time = serializers.IntegerField(min_value=0)
    resolved_late = serializers.IntegerField(min_value=0)
    pending = serializers.IntegerField(min_value=0)
    returned = serializers.IntegerField(min_value=0)
    apology_letters = serializers.IntegerField(min_value=0)
    online = serializers.IntegerField(min_value=0, required=False)


class StatisticsInSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField(
        required=False,
        help_text=_("Agency id or code; required with a province key."),
    )
    # Rows are checked one by one by the import's own rules (dossiers.parsing), so that a
    # bad row is reported by number and field while the good ones are stored.
    rows = serializers.ListField(child=serializers.JSONField(), allow_empty=False)


class StatisticsPushSchema(StatisticsInSerializer):
    """What the schema documents: each row with its fields (checked at run time by the
    import's rules, not by this serializer, so that one bad row does not refuse the rest)."""

    rows = StatisticsRowSerializer(many=True)


class RowErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(
        help_text=_("Position of the row in the list, from 1.")
    )
    field = serializers.CharField()
    detail = serializers.CharField()


class StatisticsOutSerializer(serializers.Serializer[Any]):
    batch = serializers.IntegerField(allow_null=True)
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    added = serializers.IntegerField()
    changed = serializers.IntegerField()
    late_nonconformities = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)


@extend_schema(
    summary=_("Push dossier statistics"),
    description=_(
        "Rows of the one-stop system's statistics (one per procedure and month), checked "
        "by the same rules as the file import. Valid rows are stored, a row of the same "
        "procedure and month replaces the stored one, and pushing the same rows again "
        "changes nothing; rejected rows are reported with their position and field. "
        "When no row is valid nothing is stored and the answer is a problem document "
        "whose errors.rows lists them."
    ),
    request=StatisticsPushSchema,
    responses={200: StatisticsOutSerializer},
)
class StatisticsPush(Keyed, generics.GenericAPIView):
    scope = SystemKey.Scope.PUSH_STATISTICS
    serializer_class = StatisticsInSerializer

    def post(self, request: Request) -> Response:
        given = StatisticsInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        agency = self._agency(given.validated_data.get("agency"))
        try:
            batch, result = statistics_push(
                agency=agency,
                records=given.validated_data["rows"],
                source=_("API key «%(name)s»") % {"name": self.key.name},
            )
        except ImportFileError as error:
            raise exceptions.ValidationError({"rows": [error.message]}) from None
        errors = [
            {
                "row": item["row"],
                "field": field_for_heading(item["column"]),
                "detail": item["message"],
            }
            for item in result.errors
        ]
        if batch is None:
            raise RowsRejected(errors)
        data = {
            "batch": batch.pk,
            "accepted": len(result.rows),
            "rejected": result.total - len(result.rows),
            "added": batch.created,
            "changed": batch.updated,
            "late_nonconformities": batch.flags_raised,
            "errors": errors,
        }
        return Response(StatisticsOutSerializer(data).data)

    def _agency(self, asked: str | None) -> Agency:
        if not asked:
            if self.key.agency_id is None:
                raise exceptions.ValidationError(
                    {"agency": [_("A province key must name the agency.")]}
                )
            return Agency.objects.get(pk=self.key.agency_id)
        ids = _agency_ids(asked)
        if len(ids) != 1:
            raise exceptions.ValidationError(
                {"agency": [_("There is no such agency.")]}
            )
        if not self.key.covers(ids[0]):
            raise exceptions.PermissionDenied(
                _("This key may not write another agency's records.")
            )
        return Agency.objects.get(pk=ids[0])
