"""Forms of the planning registers: choices limited to what the user may write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.models import Risk
from qms.admin_viewsets import ScopedForm
from qms.scoping import scope_queryset


def staff_users(user: Any) -> Any:
    """Active staff of the agencies the user writes, by name: owners of risks and actions."""
    people = (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__is_active=True)
        .select_related("staff_profile")
        .order_by("staff_profile__full_name")
    )
    return scope_queryset(
        people, user, lookups=("staff_profile__agency",), action="change"
    )


class RiskForm(ScopedForm):
    """Procedures and owners of the user's agencies only (the service checks the agency)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        if "owner" in self.fields:
            self.fields["owner"].queryset = staff_users(user)
        if "process" in self.fields:
            from documents.models import ProcedurePage

            self.fields["process"].queryset = scope_queryset(
                ProcedurePage.objects.live().order_by("code"),
                user,
                lookups=("agency",),
                action="change",
            )


class TreatmentActionForm(ScopedForm):
    """An action on one of the user's agencies' records that are not closed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        if "owner" in self.fields:
            self.fields["owner"].queryset = staff_users(user)
        if "risk" in self.fields:
            self.fields["risk"].queryset = scope_queryset(
                Risk.objects.exclude(status=Risk.Status.CLOSED),
                user,
                lookups=("agency",),
                action="change",
            )


class LevelsField(forms.CharField):
    """Level labels typed one per line, lowest first; stored as a list."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class RiskLevelScaleForm(ScopedForm):
    likelihood_labels = LevelsField(
        label=_("Likelihood levels"),
        help_text=_("One level per line, lowest first; 3 to 5 levels."),
    )
    impact_labels = LevelsField(
        label=_("Impact levels"),
        help_text=_("One level per line, lowest first; 3 to 5 levels."),
    )


class CompleteForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows the action was done: a document, a record, a result."),
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        initial=timezone.localdate,
        # A date input reads and writes ISO dates, whatever the locale's format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
