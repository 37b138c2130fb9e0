"""Opening a staff account from the admin: user, profile and roles in one form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.widgets import AdminDateInput

from qms import services
from qms.admin_viewsets import ServiceErrorsMixin
from qms.lib.inputs import LineFormField
from qms.models import Agency, Position, ReceivingUnit
from qms.roles import Role
from qms.scoping import scope_queryset


class StaffCreateForm(forms.Form):
    """Not a ModelForm: the service creates the user and the profile together or not at all."""

    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={
            "invalid": _(
                "Use only unaccented letters, digits and the characters . @ + - _"
            )
        },
    )
    email = forms.EmailField(label=_("Email"))
    full_name = LineFormField(label=_("Full name"), max_length=150)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    receiving_unit = forms.ModelChoiceField(
        label=_("One-stop unit"), queryset=ReceivingUnit.objects.none(), required=False
    )
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all()
    )
    service_start = forms.DateField(
        label=_("Service start date"), widget=AdminDateInput
    )
    roles = forms.TypedMultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        coerce=Role,
        widget=forms.CheckboxSelectMultiple,
        initial=[Role.STAFF],
    )

    def __init__(
        self, *args: Any, for_user: Any = None, instance: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        agency_field: Any = self.fields["agency"]
        unit_field: Any = self.fields["receiving_unit"]
        agency_field.queryset = scope_queryset(
            Agency.objects.filter(valid_to__isnull=True),
            for_user,
            lookups=("id",),
            action="change",
        )
        unit_field.queryset = scope_queryset(
            ReceivingUnit.objects.all(), for_user, lookups=("agency",), action="change"
        )
        if for_user is not None and not for_user.is_superuser:
            roles_field: Any = self.fields["roles"]
            roles_field.choices = [
                c
                for c in Role.choices
                if c[0] in services.ROLES_GRANTABLE_BY_QUALITY_OFFICER
            ]

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise ValidationError(_("This username is already taken."))
        return username


class StaffCreateView(ServiceErrorsMixin, generic.CreateView):
    """Create view that opens the account through ``services.staff_create``."""

    def get_form_class(self) -> type[forms.Form]:
        return StaffCreateForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        kwargs.pop("instance", None)
        return kwargs

    def get_panel(self) -> None:
        return None

    def get_bound_panel(self, form: Any) -> None:
        return None

    def save_instance(self) -> Model:
        data = self.form.cleaned_data
        return services.staff_create(
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],
            agency=data["agency"],
            receiving_unit=data["receiving_unit"],
            position=data["position"],
            service_start=data["service_start"],
            roles=list(data["roles"]),
            created_by=self.request.user,
        )
