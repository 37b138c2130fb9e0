"""Master list of documents (Danh mục tài liệu nội bộ, ISO 9001:2015 7.5.3): filters and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease
from documents.selectors import document_pages_in_scope
from qms.lib.columns import AbsoluteDateColumn
from qms.lib.exports import ChunkedRows
from qms.models import Agency

_CHILD_LINKS = [m._meta.model_name for m in DOCUMENT_PAGE_MODELS]


def _agency_q(ids: Any) -> Q:
    query = Q()
    for link in _CHILD_LINKS:
        query |= Q(**{f"{link}__agency__in": ids})
    return query


class MasterListFilterSet(WagtailFilterSet):
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=Agency.objects.order_by("name"),
        method="filter_agency",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[
            (m._meta.model_name, m._meta.verbose_name) for m in DOCUMENT_PAGE_MODELS
        ],
        method="filter_kind",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            ("live", _("In force")),
            ("draft", _("Draft")),
            ("review_due", _("Review due")),
        ],
        method="filter_status",
    )

    class Meta:
        model = Page
        fields: list[str] = []

    def filter_agency(
        self, queryset: QuerySet[Page], name: str, value: Agency
    ) -> QuerySet[Page]:
        return queryset.filter(_agency_q([value.pk]))

    def filter_kind(
        self, queryset: QuerySet[Page], name: str, value: str
    ) -> QuerySet[Page]:
        return queryset.filter(content_type__model=value)

    def filter_status(
        self, queryset: QuerySet[Page], name: str, value: str
    ) -> QuerySet[Page]:
        if value == "live":
            return queryset.filter(live=True)
        if value == "draft":
            return queryset.filter(live=False)
        # The same window as the dashboard panel and the reminders: due within the notice
        # period, or overdue.
        from documents.services.reviews import NOTICE_DAYS

        horizon = timezone.localdate() + dt.timedelta(days=NOTICE_DAYS)
        due = Q()
        for link in _CHILD_LINKS:
            due |= Q(**{f"{link}__next_review_date__lte": horizon})
        return queryset.filter(live=True).filter(due)


class MasterListView(ReportView):
    page_title = _("Master list of documents")
    header_icon = "list-ul"
    index_url_name = "documents_master_list"
    index_results_url_name = "documents_master_list_results"
    filterset_class = MasterListFilterSet
    list_export = [
        "code",
        "title",
        "agency.name",
        "kind_label",
        "release_label",
        "effective_date",
        "next_review_date",
        "status_label",
    ]
    export_headings = {
        "code": _("Document code"),
        "title": _("Document title"),
        "agency.name": _("Agency"),
        "kind_label": _("Kind"),
        "release_label": _("Release"),
        "effective_date": _("Effective date"),
        "next_review_date": _("Next review date"),
        "status_label": _("Status"),
    }
    export_filename = "danh-muc-tai-lieu"
    columns = [
        Column("code", label=_("Document code")),
        TitleColumn(
            "title", label=_("Document title"), url_name="wagtailadmin_pages:edit"
        ),
        Column("agency", label=_("Agency")),
        Column("kind_label", label=_("Kind")),
        Column("release_label", label=_("Release")),
        AbsoluteDateColumn("effective_date", label=_("Effective date")),
        AbsoluteDateColumn("next_review_date", label=_("Next review date")),
        Column("status_label", label=_("Status")),
    ]

    def get_queryset(self) -> QuerySet[Page]:
        return document_pages_in_scope(self.request.user).specific().order_by("title")

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        if self.is_export:
            # A 5,000-row export is counted, and built by a task, a chunk at a time: the
            # whole list is never loaded in the request (issue 12).
            return ChunkedRows(object_list, self._decorate)
        return self._decorate(object_list)

    def _decorate(self, object_list: Any) -> list[Any]:
        pages = list(object_list)
        releases = {
            r.page_id: r
            for r in DocumentRelease.objects.filter(
                page_id__in=[p.pk for p in pages],
                superseded_at__isnull=True,
                withdrawn_at__isnull=True,
            )
        }
        agencies = Agency.objects.in_bulk({p.agency_id for p in pages})
        for page in pages:
            release = releases.get(page.pk)
            page.agency = agencies.get(page.agency_id)
            page.kind_label = (
                page.get_kind_display()
                if hasattr(page, "get_kind_display")
                else page._meta.verbose_name
            )
            page.release_label = release.number_label if release else ""
            page.effective_date = release.effective_date if release else None
            page.status_label = _("In force") if release and page.live else _("Draft")
        return pages
