"""The "Tài liệu" listing: every controlled document of the user's agencies (issue 13 part 3).

One view serves two doors: the main-menu listing ``/admin/tai-lieu/`` and the master list
of documents ``/admin/reports/danh-muc-tai-lieu/`` (Danh mục tài liệu nội bộ, ISO 9001:2015
7.5.3), which keeps its URL, its title and its export file name. Rows are pages annotated in
SQL (code, agency, owner unit, review date, the release in force and the state of
``documents.states``), so filters, ordering and paging run in the database and a page of
rows costs the same few queries whatever its length or the province's size.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from documents.models import DOCUMENT_PAGE_MODELS, ProcedurePage
from documents.selectors import document_pages_in_scope
from documents.states import (
    DocumentState,
    pending_label,
    state_label,
    with_document_state,
)
from qms.lib.columns import EMPTY, absolute_date
from qms.lib.exports import ChunkedRows
from qms.lib.filters import YesNoFilter, yes_no
from qms.models import Agency, ReceivingUnit, ReceivingUnitPage

_LINKS = [m._meta.model_name for m in DOCUMENT_PAGE_MODELS]
# Review due within this many days at most: ten years, a bound for the input.
MAX_WITHIN_DAYS = 3650


def _first_of(field: str, **kwargs: Any) -> Coalesce:
    """The field of whichever document type the page is (one join per type)."""
    return Coalesce(*[f"{link}__{field}" for link in _LINKS], **kwargs)


def _unit_above() -> Subquery:
    # A document in a unit's index (internal rules) belongs to that unit: the unit page is
    # two levels up, and a tree path is 4 characters a level.
    above = ReceivingUnitPage.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - 8)
    )
    return Subquery(above.values("unit_id")[:1], output_field=IntegerField())


def annotated_documents(queryset: QuerySet[Page]) -> QuerySet[Page]:
    """Pages with what a row of the listing shows, all computed in SQL."""
    return with_document_state(
        queryset.annotate(
            document_code=_first_of("code"),
            agency_ref=_first_of("agency_id"),
            review_date=_first_of("next_review_date"),
            procedure_kind=F("procedurepage__kind"),
            owner_unit_ref=Coalesce(
                F("procedurepage__owner_unit_id"),
                _unit_above(),
                output_field=IntegerField(),
            ),
        )
    )


def _type_choices() -> list[tuple[str, Any]]:
    procedure_kinds = [
        (f"procedurepage:{value}", label) for value, label in ProcedurePage.Kind.choices
    ]
    others = [
        (m._meta.model_name, m._meta.verbose_name)
        for m in DOCUMENT_PAGE_MODELS
        if m is not ProcedurePage
    ]
    return procedure_kinds + others


def _reading_more_than_one_agency(request: Any) -> bool:
    """Whether the rows can come from several agencies: then they show the agency.

    Supervisors read every agency; an agency user reads its predecessors too, whose
    documents (if any) need the agency beside them. Asked once per request.
    """
    from qms.scoping import agency_scope_for

    cached = getattr(request, "_documents_many_agencies", None)
    if cached is None:
        readable = agency_scope_for(request.user).readable
        cached = readable is None or (
            len(readable) > 1
            and document_pages_in_scope(request.user)
            .annotate(agency_ref=_first_of("agency_id"))
            .order_by()
            .values("agency_ref")
            .distinct()[:2]
            .count()
            > 1
        )
        request._documents_many_agencies = cached
    return bool(cached)


class DocumentListingFilterSet(WagtailFilterSet):
    document_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=_type_choices, method="filter_type"
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=DocumentState.choices, method="filter_state"
    )
    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Owner unit"),
        queryset=ReceivingUnit.objects.none(),
        method="filter_owner_unit",
    )
    review_within = django_filters.NumberFilter(
        label=_("Review due within (days)"),
        method="filter_review_within",
        min_value=0,
        max_value=MAX_WITHIN_DAYS,
        help_text=_(
            "Documents in force whose review is due within this many days, overdue included."
        ),
    )
    review_overdue = YesNoFilter(
        label=_("Review overdue"), method="filter_review_overdue"
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=Agency.objects.order_by("name"),
        method="filter_agency",
    )

    class Meta:
        model = Page
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from qms.scoping import scope_choices

        super().__init__(*args, **kwargs)
        user = self.request.user
        units = ReceivingUnit.objects.select_related("agency").order_by("name")
        self.filters["owner_unit"].queryset = scope_choices(units, user)
        if not _reading_more_than_one_agency(self.request):
            del self.filters["agency"]

    def filter_type(self, queryset: QuerySet[Page], name: str, value: str) -> Any:
        model, _sep, kind = value.partition(":")
        queryset = queryset.filter(content_type__model=model)
        return queryset.filter(procedure_kind=kind) if kind else queryset

    def filter_state(self, queryset: QuerySet[Page], name: str, value: str) -> Any:
        return queryset.filter(document_state=value)

    def filter_owner_unit(self, queryset: QuerySet[Page], name: str, value: Any) -> Any:
        return queryset.filter(owner_unit_ref=value.pk)

    def filter_review_within(
        self, queryset: QuerySet[Page], name: str, value: Any
    ) -> Any:
        # Overdue reviews are due within any number of days; only a document in force has
        # a review to do (the dashboard panel and reminders count the same way).
        horizon = timezone.localdate() + dt.timedelta(days=int(value))
        return queryset.filter(
            document_state=DocumentState.IN_FORCE, review_date__lte=horizon
        )

    def filter_review_overdue(
        self,
        queryset: QuerySet[Page],
        name: str,
        choice: str,
    ) -> Any:
        # Documents in force whose review date has passed (the province overview's count).
        value = yes_no(choice)
        overdue = Q(
            document_state=DocumentState.IN_FORCE, review_date__lt=timezone.localdate()
        )
        if value is None:
            return queryset
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_agency(self, queryset: QuerySet[Page], name: str, value: Agency) -> Any:
        return queryset.filter(agency_ref=value.pk)


# Links sent before the listing had states (e-mails, the dashboard): ?status=review_due.
LEGACY_STATUS = {
    "live": ("state", DocumentState.IN_FORCE.value),
    "draft": ("state", DocumentState.DRAFT.value),
    "review_due": ("review_within", None),
}


class StateColumn(Column):
    """The state in the document's words, and its pending draft as a second badge."""

    cell_template_name = "documents/admin/state_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> Any:
        context = super().get_cell_context_data(instance, parent_context)
        context["state"] = instance.state_label
        context["pending"] = instance.pending_label
        return context


class ReviewDateColumn(Column):
    """The next review date (dd/mm/yyyy), marked when a document in force is overdue."""

    cell_template_name = "documents/admin/review_date_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> Any:
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = absolute_date(instance.review_date)
        context["overdue"] = instance.review_overdue
        return context


class DocumentListingView(ReportView):
    page_title = _("Controlled documents")
    header_icon = "doc-full"
    index_url_name = "documents_listing"
    index_results_url_name = "documents_listing_results"
    filterset_class = DocumentListingFilterSet
    is_searchable = True
    default_ordering = "document_code"
    export_filename = "tai-lieu"
    list_export = [
        "document_code",
        "title",
        "agency_name",
        "kind_label",
        "owner_unit_name",
        "release_label",
        "release_effective_date",
        "state_label",
        "pending_label",
        "review_date",
    ]
    export_headings = {
        "document_code": _("Document code"),
        "title": _("Document title"),
        "agency_name": _("Agency"),
        "kind_label": _("Type"),
        "owner_unit_name": _("Owner unit"),
        "release_label": _("Release"),
        "release_effective_date": _("Effective date"),
        "state_label": _("State"),
        "pending_label": _("Pending draft"),
        "review_date": _("Next review date"),
    }

    @cached_property
    def columns(self) -> list[Column]:
        nowrap = "w-whitespace-nowrap"
        columns = [
            Column(
                "document_code",
                label=_("Document code"),
                sort_key="document_code",
                classname=nowrap,
            ),
            TitleColumn(
                "title",
                label=_("Document title"),
                url_name="wagtailadmin_pages:edit",
                sort_key="title",
                width="28%",
            ),
            Column("agency_name", label=_("Agency")),
            Column("kind_label", label=_("Type")),
            Column("owner_unit_name", label=_("Owner unit")),
            Column("release_text", label=_("Current release"), classname=nowrap),
            StateColumn("state", label=_("State")),
            ReviewDateColumn(
                "review_date",
                label=_("Next review date"),
                sort_key="review_date",
                classname=nowrap,
            ),
        ]
        if not _reading_more_than_one_agency(self.request):
            columns = [c for c in columns if c.name != "agency_name"]
        return columns

    def get_base_queryset(self) -> QuerySet[Page]:
        return annotated_documents(document_pages_in_scope(self.request.user))

    def order_queryset(self, queryset: QuerySet[Page]) -> QuerySet[Page]:
        # A stable order for paging: equal codes (two agencies' QT-01) by title, then id.
        ordering = self.ordering or self.default_ordering
        return queryset.order_by(ordering, "title", "pk")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs()
        legacy = kwargs["data"].get("status")
        if legacy in LEGACY_STATUS:
            from documents.services.reviews import NOTICE_DAYS

            data = kwargs["data"].copy()
            name, value = LEGACY_STATUS[legacy]
            data[name] = value if value is not None else str(NOTICE_DAYS)
            kwargs["data"] = data
        return kwargs

    def search_queryset(self, queryset: QuerySet[Page]) -> QuerySet[Page]:
        from documents.services.search import admin_match_ids

        if not self.is_searching:
            return queryset
        return queryset.filter(pk__in=admin_match_ids(self.search_query))

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        if self.is_export:
            # A long export is counted, then built by a task a chunk at a time (issue 12).
            return ChunkedRows(object_list, decorate_rows)
        return decorate_rows(object_list)


class MasterListView(DocumentListingView):
    """The same listing as the ISO 7.5.3 report "Danh mục tài liệu nội bộ" (its old URL)."""

    page_title = _("Master list of documents")
    header_icon = "list-ul"
    index_url_name = "documents_master_list"
    index_results_url_name = "documents_master_list_results"
    export_filename = "danh-muc-tai-lieu"


def _kind_label(page: Any) -> str:
    if page.procedure_kind:
        return str(ProcedurePage.Kind(page.procedure_kind).label)
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return str(model._meta.verbose_name) if model else ""


def decorate_rows(object_list: Any) -> list[Any]:
    """Names and labels for a page of rows: two queries (agencies, units) for any length."""
    pages = list(object_list)
    agencies = Agency.objects.in_bulk({p.agency_ref for p in pages})
    units = ReceivingUnit.objects.in_bulk(
        {p.owner_unit_ref for p in pages if p.owner_unit_ref}
    )
    today = timezone.localdate()
    for page in pages:
        agency = agencies.get(page.agency_ref)
        unit = units.get(page.owner_unit_ref)
        page.agency_name = agency.name if agency else ""
        page.owner_unit_name = unit.name if unit else ""
        page.kind_label = capfirst(_kind_label(page))
        page.release_label = f"{page.release_number:02d}" if page.release_number else ""
        page.release_text = (
            f"{page.release_label} — {absolute_date(page.release_effective_date)}"
            if page.release_number
            else EMPTY
        )
        page.state_label = state_label(page.document_state)
        page.pending_label = pending_label(page.document_pending)
        # Only a document in force has a review ahead: a withdrawn one keeps its old date.
        if page.document_state != DocumentState.IN_FORCE:
            page.review_date = None
        page.review_overdue = bool(page.review_date and page.review_date < today)
    return pages
