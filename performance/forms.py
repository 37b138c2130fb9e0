"""Forms of the objectives' screens; the services behind them do the checking."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from performance.models import Indicator, QualityObjective
from qms.models import ReceivingUnit

OBJECTIVE_FIELDS = [
    "year",
    "text",
    "indicator",
    "target",
    "frequency",
    "owner",
    "owner_unit",
    "plan_what",
    "plan_resources",
    "plan_who",
    "plan_when",
    "plan_evaluation",
]


class ObjectiveForm(forms.ModelForm):
    """An objective and its 6.2.2 plan; owners and units are the agency's own."""

    class Meta:
        model = QualityObjective
        fields = OBJECTIVE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in OBJECTIVE_FIELDS
            if name == "text" or name.startswith("plan_")
        }

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(
                is_active=True,
                staff_profile__agency_id=agency_id,
                staff_profile__is_active=True,
            )
            .order_by("username")
        )
        units = ReceivingUnit.objects.filter(agency_id=agency_id)
        self.fields["owner_unit"].queryset = units  # type: ignore[attr-defined]


class ChangeForm(ObjectiveForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta(ObjectiveForm.Meta):
        fields = [f for f in OBJECTIVE_FIELDS if f != "year"]


class ApproveForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Re-enter your password to approve (your signature)."),
    )
    reason = forms.CharField(label=_("Comment"), required=False)


class MeasurementForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    # Text, not a DecimalField: people type "98,5" (Vietnamese) as often as "98.5", and a
    # localized field would read "98.5" as ninety-eight thousand five hundred.
    value = forms.CharField(
        label=_("Value"), max_length=20, help_text=_("For example 98,5")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods  # type: ignore[attr-defined]

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"].strip().replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= 10**10:
            raise forms.ValidationError(_("Enter a number, for example 98,5."))
        return number
