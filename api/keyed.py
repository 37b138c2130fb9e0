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
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from api.auth import KeyRateThrottle, SystemKeyAuthentication, scoped
from api.models import SystemKey
from api.views import AGENCY_PARAM, ApiView, _agency_ids
from audits.models import Audit, Nonconformity
from documents.models import ProcedurePage
from feedback.services import feedback_submit
from qms.models import ReceivingUnit
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


@extend_schema(summary=_("Nonconformities"), parameters=[AGENCY_PARAM])
class NonconformityList(Keyed, generics.ListAPIView):
    scope = SystemKey.Scope.READ_REGISTERS
    serializer_class = NonconformitySerializer

    def get_queryset(self) -> QuerySet[Nonconformity]:
        return Nonconformity.objects.filter(agency_id__in=self.agency_ids()).order_by(
            "-detected_on", "code"
        )


@extend_schema(summary=_("Internal audits"), parameters=[AGENCY_PARAM])
class AuditList(Keyed, generics.ListAPIView):
    scope = SystemKey.Scope.READ_REGISTERS
    serializer_class = AuditSerializer

    def get_queryset(self) -> QuerySet[Audit]:
        return Audit.objects.filter(agency_id__in=self.agency_ids()).order_by(
            "-planned_start", "code"
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
