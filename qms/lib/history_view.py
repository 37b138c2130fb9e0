"""The history screen of every record with django-simple-history: who, when, what, why.

Wagtail's generic history screen lists its own log entries (an action and a user, no field
values, no reason). ISO 9001:2015 7.5.3.2(c) and audit-trail test AT-01 need old → new per field
and the reason, so this view lists the simple-history rows instead, newest first and paged, and
keeps the latest Wagtail log entries under them. Viewsets use it as their ``history_view_class``;
scoping stays with the viewset's own object mixin (an out-of-scope id is a 404).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.log_actions import registry as log_registry

from qms.lib.history import build_entries, history_queryset, printed_name

# The Wagtail log entries shown under the field history: a bounded, recent extract.
LOG_ENTRIES_SHOWN = 20


class ChangesColumn(Column):
    cell_template_name = "qms/admin/history_changes_cell.html"

    def get_cell_context_data(
        self, instance: Any, parent_context: Any
    ) -> dict[str, Any]:
        context: dict[str, Any] = super().get_cell_context_data(
            instance, parent_context
        )
        context["changes"] = instance.changes
        return context


class ChangesPaginator(WagtailPaginator):
    # Counted as "changes", not as simple-history's "historical <model>" (no translation).
    verbose_name = _("change")
    verbose_name_plural = _("changes")


class FieldHistoryView(generic.HistoryView):
    """History of a record from django-simple-history, with field changes and reasons."""

    paginator_class = ChangesPaginator
    results_template_name = "qms/admin/history_results.html"
    filterset_class = None
    paginate_by = 20

    @cached_property
    def columns(self) -> list[Column]:
        return [
            Column("when", label=_("Date"), width="14%"),
            Column("who", label=_("Who"), width="16%"),
            Column("action", label=_("Action"), width="10%"),
            ChangesColumn("changes", label=_("What changed")),
            Column("reason", label=_("Reason for change"), width="20%"),
        ]

    @property
    def has_field_history(self) -> bool:
        return hasattr(self.model, "history")

    def get_base_queryset(self) -> Any:
        if not self.has_field_history:
            return super().get_base_queryset()
        return history_queryset(self.model, self.object.pk)

    def order_queryset(self, queryset: Any) -> Any:
        # Newest first, always: the history screen offers no other ordering.
        return queryset

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        if not self.has_field_history:
            return paginator, page, rows, is_paginated
        rows = list(rows)
        # The oldest row of a page is compared with the row before it (on the next page).
        previous = None
        if rows:
            last = rows[-1]
            previous = queryset.filter(
                Q(history_date__lt=last.history_date)
                | Q(history_date=last.history_date, history_id__lt=last.history_id)
            ).first()
        entries = build_entries(rows, previous)
        page.object_list = entries
        return paginator, page, entries, is_paginated

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(*args, **kwargs)
        if self.has_field_history and not self.request.GET.get(self.page_kwarg):
            entries = (
                log_registry.get_logs_for_instance(self.object)
                .select_related("user__staff_profile")
                .order_by("-timestamp", "-pk")[:LOG_ENTRIES_SHOWN]
            )
            context["log_entries"] = [
                {
                    "when": timezone.localtime(entry.timestamp),
                    "who": printed_name(entry.user),
                    "message": entry.message,
                }
                for entry in entries
            ]
        return context
