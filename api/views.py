"""Public, read-only endpoints: no key, never a draft, cached like the portal (issue 17)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from api import problems, reads
from api.pagination import Pages
from api.serializers import (
    AgencySerializer,
    DocumentSerializer,
    UnitSerializer,
    VerifySerializer,
)
from documents.models import DocumentRelease
from documents.selectors import releases_in_force
from qms.models import Agency, ReceivingUnit


class ApiView:
    """What every endpoint of /api/v1/ shares: JSON, page numbers, problem details."""

    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    pagination_class = Pages

    def get_exception_handler(self) -> Any:
        return problems.handle


class PublicRead(ApiView):
    """No authentication, a rate per client address, and ``ETag``/``If-None-Match``.

    ``portal_cache_params`` are the query parameters with which a response may be kept in
    the portal's cache (qms.lib.portal_cache), which stores it under the portal version.
    """

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    portal_cache_params = frozenset(
        {"page", "page_size", "agency", "kind", "type", "on"}
    )

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method != "GET" or response.status_code != 200:
            return response
        response.render()  # type: ignore[attr-defined]
        digest = hashlib.sha256(response.content).hexdigest()[:32]  # type: ignore[attr-defined]
        response["ETag"] = quote_etag(digest)
        conditional = get_conditional_response(
            request,
            etag=response["ETag"],
            response=response,  # type: ignore[arg-type]
        )
        return conditional if conditional is not None else response


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError(
            {name: [_("Enter a date as YYYY-MM-DD.")]}
        ) from None


AGENCY_PARAM = OpenApiParameter(
    "agency",
    OpenApiTypes.STR,
    description=_("Agency id, or its agency / administrative unit code."),
)


def ordering_param(fields: tuple[str, ...]) -> OpenApiParameter:
    choices = [name for field in fields for name in (field, f"-{field}")]
    return OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=choices,
        description=_("Sort by this field; a leading minus sorts in reverse."),
    )


def ordered(
    queryset: QuerySet[Any], value: str | None, fields: dict[str, str], default: str
) -> QuerySet[Any]:
    """``?ordering=field`` / ``-field`` among the documented ``fields`` (API name → model
    field); the primary key breaks ties so pages never overlap."""
    wanted = value or default
    name = wanted.removeprefix("-")
    if name not in fields:
        raise exceptions.ValidationError(
            {
                "ordering": [
                    _("Sort by one of: %(fields)s.") % {"fields": ", ".join(fields)}
                ]
            }
        )
    sign = "-" if wanted.startswith("-") else ""
    return queryset.order_by(f"{sign}{fields[name]}", f"{sign}pk")


def choice_filter(
    queryset: QuerySet[Any], value: str | None, field: str, choices: list[str]
) -> QuerySet[Any]:
    if not value:
        return queryset
    if value not in choices:
        raise exceptions.ValidationError({field: [_("Unknown value.")]})
    return queryset.filter(**{field: value})


def _agency_ids(value: str) -> list[int]:
    query = Q(admin_code__iexact=value)
    if value.isdigit():
        query |= Q(pk=int(value))
    ids = list(Agency.objects.filter(query).values_list("pk", flat=True))
    if not ids:
        raise exceptions.ValidationError({"agency": [_("There is no such agency.")]})
    return ids


@extend_schema_view(
    list=extend_schema(
        summary=_("Agencies"),
        description=_(
            "Agencies of the province, with the dates they operate (effective-dated)."
        ),
        parameters=[
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=Agency.Kind.values, description=_("Type")
            ),
            OpenApiParameter(
                "on",
                OpenApiTypes.DATE,
                description=_("Only agencies operating on this date."),
            ),
        ],
    ),
    retrieve=extend_schema(summary=_("An agency")),
)
class AgencyViewSet(PublicRead, viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        queryset = Agency.objects.select_related("page").order_by("name", "pk")
        params = self.request.query_params
        if kind := params.get("kind"):
            if kind not in Agency.Kind.values:
                raise exceptions.ValidationError({"kind": [_("Unknown agency type.")]})
            queryset = queryset.filter(kind=kind)
        if on := params.get("on"):
            day = _date(on, "on")
            queryset = queryset.filter(valid_from__lte=day).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=day)
            )
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary=_("One-stop units"),
        description=_("The one-stop receiving units, with address and opening hours."),
        parameters=[AGENCY_PARAM],
    ),
    retrieve=extend_schema(summary=_("A one-stop unit")),
)
class UnitViewSet(PublicRead, viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[ReceivingUnit]:
        queryset = ReceivingUnit.objects.select_related("page").order_by("name", "pk")
        if agency := self.request.query_params.get("agency"):
            queryset = queryset.filter(agency_id__in=_agency_ids(agency))
        return queryset


@extend_schema(
    summary=_("Documents in force"),
    description=_(
        "Procedures, internal rules and policies in force, as released: never a draft. "
        "Each has its public page, its controlled PDF and its verify page."
    ),
    parameters=[
        AGENCY_PARAM,
        OpenApiParameter(
            "type",
            OpenApiTypes.STR,
            enum=list(reads.TYPE_NAMES.values()),
            description=_("Document type."),
        ),
        ordering_param(("code", "title", "effective_date")),
    ],
)
class DocumentList(PublicRead, generics.ListAPIView):
    serializer_class = DocumentSerializer
    portal_cache_params = PublicRead.portal_cache_params | {"ordering"}
    ordering_fields = {
        "code": "code",
        "title": "title",
        "effective_date": "effective_date",
    }

    def get_queryset(self) -> QuerySet[DocumentRelease]:
        params = self.request.query_params
        agency = params.get("agency")
        queryset = reads.public_releases(_agency_ids(agency) if agency else None)
        if kind := params.get("type"):
            models = [m for m, name in reads.TYPE_NAMES.items() if name == kind]
            if not models:
                raise exceptions.ValidationError(
                    {"type": [_("Unknown document type.")]}
                )
            queryset = queryset.filter(page__content_type__model__in=models)
        return ordered(queryset, params.get("ordering"), self.ordering_fields, "code")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page or [])
        context = {
            **self.get_serializer_context(),
            "legal_bases": reads.legal_bases(r.page_id for r in rows),
        }
        data = DocumentSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data)


@extend_schema(
    summary=_("Verify a release"),
    description=_(
        "What the verify page says of a printed copy: in force, superseded (with the "
        "release in force) or withdrawn (with date and reason)."
    ),
)
class VerifyView(PublicRead, generics.RetrieveAPIView):
    serializer_class = VerifySerializer
    portal_cache_params = frozenset()

    def get_object(self) -> DocumentRelease:
        release = (
            DocumentRelease.objects.filter(verify_token=self.kwargs["token"])
            .select_related("page")
            .first()
        )
        if release is None:
            raise exceptions.NotFound(_("No release has this verification code."))
        return release

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        release = self.get_object()
        if release.superseded_at is not None and release.withdrawn_at is None:
            context["in_force"] = (
                releases_in_force().filter(page_id=release.page_id).first()
            )
        return context
