"""Forms of the training screens (the password field re-asks for an electronic signature)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.models import Agency, Position, ReceivingUnit
from training.models import Attendance, QuizQuestion


class ConfirmReadingForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Re-enter your password to sign electronically that you have read and understood "
            "this release."
        ),
    )


class QuizForm(forms.Form):
    """One radio group per question; choices are numbered from 1 as the officer wrote them."""

    def __init__(
        self, *args: Any, questions: list[QuizQuestion], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[
                    (i, text) for i, text in enumerate(question.choice_list, start=1)
                ],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class MatrixFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("One-stop unit"), queryset=ReceivingUnit.objects.none(), required=False
    )
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.order_by("name"), required=False
    )

    def __init__(self, *args: Any, agencies: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class AttendanceCorrectionForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["present", "score", "result", "certificate", "correction_reason"]
        widgets = {"correction_reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["correction_reason"].required = True
