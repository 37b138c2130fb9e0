"""Forms of the management review: plan, meeting record, output, completion, signature."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy as pgettext

from qms.admin_viewsets import ScopedForm
from qms.lib.history import printed_name
from qms.lib.inputs import TextFormField
from qms.lib.review_inputs import CLAUSES
from qms.scoping import scope_queryset
from review.inputs import clause_title
from review.models import ReviewAction


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return printed_name(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return printed_name(obj)


def staff_of(agency_id: int) -> Any:
    users = get_user_model().objects.filter(
        is_active=True, staff_profile__is_active=True
    )
    return (
        users.filter(staff_profile__agency_id=agency_id)
        .select_related("staff_profile")
        .order_by("staff_profile__full_name", "pk")
    )


class ReviewForm(ScopedForm):
    """Plan a review: the chair is chosen among the staff the user may act for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "chair" in self.fields and user is not None:
            people = get_user_model().objects.filter(
                is_active=True, staff_profile__is_active=True
            )
            self.fields["chair"].queryset = scope_queryset(
                people, user, lookups=("staff_profile__agency",), action="change"
            ).select_related("staff_profile")
            self.fields["chair"].label_from_instance = printed_name


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Meeting date"))
    attendees = PeopleChoiceField(
        label=_("Attendees"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("People from outside the agency, one a line."),
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff_of(agency_id)  # type: ignore[attr-defined]
        for clause in CLAUSES:
            self.fields[f"discussion_{clause}"] = forms.CharField(
                label=f"{clause_title(clause)} (9.3.2 {clause})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def discussion(self) -> dict[str, str]:
        return {c: self.cleaned_data.get(f"discussion_{c}", "") for c in CLAUSES}


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Output"), choices=ReviewAction.Kind.choices)
    description = TextFormField(
        label=_("Action"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = PersonChoiceField(
        label=_("Person responsible"), queryset=get_user_model().objects.none()
    )
    due_on = forms.DateField(label=pgettext("review action", "Due date"))

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of(agency_id)  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    result = TextFormField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelForm(forms.Form):
    reason = TextFormField(
        label=_("Why it is cancelled"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
