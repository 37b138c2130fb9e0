"""A Wagtail ModelViewSet whose every view is limited to the user's agency scope.

Listings, exports, inspect, history, edit and delete all pass through the same
``AgencyScopedPermissionPolicy``; out-of-scope objects answer 404 (no IDOR, test AC-03),
in-scope objects without the right permission answer 403. Saves go through a service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponseForbidden
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from qms.lib.admin import add_service_errors
from qms.lib.history_view import FieldHistoryView
from qms.models import Agency, ReceivingUnit, StaffProfile
from qms.scoping import (
    AgencyScopedPermissionPolicy,
    agency_scope_for,
    scope_choices,
    scope_queryset,
)

SaveService = Callable[..., Model]
security_log = logging.getLogger("qms.security")


class ScopedForm(WagtailAdminModelForm):
    """Offer only in-scope agencies, units and staff in every choice field (forms and choosers)."""

    _scoped_fields: ClassVar[dict[type[Model], tuple[str, ...]]] = {
        Agency: ("id",),
        ReceivingUnit: ("agency",),
        StaffProfile: ("agency",),
    }

    change_reason = forms.CharField(
        label=_("Reason for change"),
        required=False,
        max_length=255,
        help_text=_("Recorded in the record's change history."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            lookups = self._scoped_fields.get(queryset.model)
            scoped = (
                scope_queryset(queryset, user, lookups=lookups, action="change")
                if lookups
                else scope_choices(queryset, user)
            )
            if scoped is None:
                continue
            # Keep the current value valid: an agency at the top of the user's subtree has a
            # parent outside it, and saving other fields must not fail on that.
            current = self.initial.get(name)
            if current:
                # A many-to-many field's initial value is a list of records.
                values = current if isinstance(current, list | tuple) else [current]
                pks = [getattr(value, "pk", value) for value in values]
                scoped = scoped | queryset.filter(pk__in=pks)
            field.queryset = scoped

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Browsers send a textarea's line breaks as CRLF: store them as the services do (LF),
        # or re-saving an untouched text would record a change in its history.
        for name, value in data.items():
            if isinstance(value, str) and "\r" in value:
                data[name] = value.replace("\r\n", "\n")
        return data


class _ScopedObjectMixin:
    scope_action = "view"
    permission_policy: AgencyScopedPermissionPolicy
    request: Any

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        user = self.request.user
        if not self.permission_policy.user_has_permission_for_instance(
            user, "view", obj
        ):
            raise Http404
        if not self.permission_policy.user_has_permission_for_instance(
            user, self.scope_action, obj
        ):
            raise PermissionDenied
        return obj


class ScopedIndexView(generic.IndexView):
    @cached_property
    def filters(self) -> Any:
        """Wagtail's listing filters offer every record of a related model: scope them."""
        filterset = super().filters
        for field in filterset.form.fields.values() if filterset else ():
            queryset = getattr(field, "queryset", None)
            scoped = (
                None if queryset is None else scope_choices(queryset, self.request.user)
            )
            if scoped is not None:
                field.queryset = scoped
            elif queryset is not None and queryset.model is Agency:
                # Agencies are a shared register, but a filter on one the user cannot read
                # lists nothing: offer the agencies of their scope (the overview's links).
                readable = agency_scope_for(self.request.user).readable
                if readable is not None:
                    field.queryset = queryset.filter(pk__in=readable)
        return filterset

    def get_base_queryset(self) -> QuerySet[Any]:
        queryset = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "view"
        )
        # Join the foreign keys shown in the listing: one query whatever the number of rows.
        related = [
            field.name
            for field in self.model._meta.get_fields()
            if field.many_to_one and field.name in (self.list_display or ())
        ]
        return queryset.select_related(*related) if related else queryset


class ScopedInspectView(_ScopedObjectMixin, generic.InspectView):
    pass


class ScopedDeleteView(_ScopedObjectMixin, generic.DeleteView):
    scope_action = "delete"


class RefusedDeleteView(generic.DeleteView):
    """Evidence is never deleted through any screen, by anyone (ISO 9001:2015 7.5.3.2 c).

    The policy already hides every delete button; a crafted GET or POST of the delete URL is
    refused here and written to the security log (AT-03).
    """

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        security_log.warning(
            "Refused deletion of %s %s by %s",
            self.model._meta.label if self.model else "?",
            kwargs.get("pk"),
            getattr(request.user, "username", "?"),
        )
        # A 403 of our own: Wagtail turns PermissionDenied into a redirect to the dashboard.
        return HttpResponseForbidden(
            _(
                "Records that are evidence are never deleted. Cancel or withdraw it "
                "instead, giving the reason."
            )
        )


class ScopedUsageView(_ScopedObjectMixin, generic.UsageView):
    # Wagtail's usage screen names the record (and what refers to it) for any id it is given.
    pass


class ServiceErrorsMixin:
    """Show a service's refusal on the form; the transaction has rolled back."""

    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except (PermissionDenied, ValidationError) as exc:
            add_service_errors(form, exc)
            # Wagtail's edit view sets this only when the form itself is invalid; a service
            # refusing a valid form must set it too, or form_invalid fails on the message.
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class ServiceSaveMixin(ServiceErrorsMixin):
    """Save through the viewset's service instead of ``form.save()``.

    The service is called as ``save_service(<save_service_arg>=instance, user=…, reason=…)``
    with the form's "change_reason"; it validates, records the history and writes the log
    entry (``qms.lib.changes.record_change``), so this view writes none of its own.
    """

    save_service: SaveService | None = None
    save_service_arg = "instance"
    form: Any
    request: Any

    def save_instance(self) -> Model:
        instance = self.form.save(commit=False)
        assert self.save_service is not None, "ServiceModelViewSet passes save_service"  # noqa: S101
        instance = self.save_service(
            **{self.save_service_arg: instance},
            user=self.request.user,
            reason=self.form.cleaned_data.get("change_reason", ""),
        )
        self.form.save_m2m()
        return instance


class ServiceCreateView(ServiceSaveMixin, generic.CreateView):
    pass


class ServiceEditView(ServiceSaveMixin, generic.EditView):
    pass


class ScopedEditView(_ScopedObjectMixin, ServiceEditView):
    scope_action = "change"


class ScopedHistoryView(_ScopedObjectMixin, FieldHistoryView):
    """Field-level history (old → new, reason) of an in-scope record only."""


class ServiceModelViewSet(ModelViewSet):
    """A ModelViewSet whose add and edit views save through a service.

    Subclasses name the service and its keyword for the record, e.g.
    ``save_service = staticmethod(services.agency_save)`` and ``save_service_arg = "agency"``.
    Read-only registers (no one holds add/change) need no service.
    """

    save_service: SaveService | None = None
    save_service_arg = "instance"
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView

    def _service_kwargs(self) -> dict[str, Any]:
        return {
            "save_service": self.save_service,
            "save_service_arg": self.save_service_arg,
        }

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_add_view_kwargs(**self._service_kwargs(), **kwargs)

    def get_edit_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_edit_view_kwargs(**self._service_kwargs(), **kwargs)


class ScopedModelViewSet(ServiceModelViewSet):
    """ServiceModelViewSet + agency scope. Subclasses set ``agency_lookups``."""

    agency_lookups: tuple[str, ...] = ("agency",)
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    copy_view_enabled = False

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        return AgencyScopedPermissionPolicy(
            self.model, agency_lookups=self.agency_lookups
        )
