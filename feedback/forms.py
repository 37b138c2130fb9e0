"""Forms of the feedback register: the public form and lookup, the officer's screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import Nonconformity
from feedback.services import procedures_in_force
from qms.lib.inputs import CodeFormField, LineFormField, TextFormField


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {obj.title}" if obj.code else obj.title


class ComplaintForm(forms.Form):
    """The public "Phản ánh, kiến nghị" form; ``website`` is a honeypot people never see."""

    procedure = ProcedureChoiceField(
        label=_("Procedure concerned (optional)"),
        queryset=procedures_in_force(0),
        required=False,
        empty_label=_("Not about a particular procedure"),
    )
    description = TextFormField(
        label=_("Your feedback"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = LineFormField(
        label=_("Phone or e-mail (optional, to reply to you)"),
        required=False,
        max_length=255,
    )
    website = forms.CharField(required=False, label="")

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the procedures in force of the unit's own agency can be named.
        self.fields["procedure"].queryset = procedures_in_force(agency_id)  # type: ignore[attr-defined]


class TrackingForm(forms.Form):
    code = CodeFormField(label=_("Tracking code"), max_length=20)


class AnswerForm(forms.Form):
    answer = TextFormField(
        label=_("Answer to the citizen"),
        help_text=_(
            "Shown on the public tracking page; never write personal data here."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RaiseNonconformityForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Nonconformity.Severity.choices,
        initial=Nonconformity.Severity.MINOR,
    )


class ReopenForm(forms.Form):
    reason = TextFormField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3})
    )
