"""Forms of the audit screens: planning, recording results, and each nonconformity transition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.widgets import AdminDateInput

from audits.models import AuditItem, AuditSignature, Nonconformity
from qms.admin_viewsets import ScopedForm
from qms.lib.inputs import LineFormField, TextFormField
from qms.roles import Role
from qms.scoping import agency_scope_for, scope_queryset

PASSWORD_HELP = _(
    "Re-enter your password to sign electronically. Your name, position, the time and the "
    "content you sign are recorded."
)


def auditors() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.AUDITOR.value)
        .select_related("staff_profile")
        .order_by("staff_profile__full_name", "username")
        .distinct()
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        profile = getattr(obj, "staff_profile", None)
        return (
            f"{profile.full_name} – {profile.agency}" if profile else obj.get_username()
        )


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return UserChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


def _scope_choices(form: Any) -> None:
    """Offer only programmes and procedures the user may read (no titles from elsewhere)."""
    from audits.policies import PROGRAMME_POLICY
    from documents.models import ProcedurePage

    user = getattr(form, "for_user", None)
    if user is None:
        return
    if "programme" in form.fields:
        form.fields[
            "programme"
        ].queryset = PROGRAMME_POLICY.instances_user_has_permission_for(user, "view")
    if "procedure" in form.fields:
        form.fields["procedure"].queryset = scope_queryset(
            ProcedurePage.objects.order_by("code"), user, lookups=("agency",)
        )


class AuditForm(ScopedForm):
    """Plan an audit: auditors come from any agency, so they are not agency-scoped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_choices(self)
        for name in ("lead_auditor", "team"):
            field: Any = self.fields.get(name)
            if field is not None:
                field.queryset = auditors()
                field.label_from_instance = UserChoiceField.label_from_instance.__get__(
                    field
                )
        template: Any = self.fields.get("template")
        user = getattr(self, "for_user", None)
        if template is not None and user is not None:
            from audits.policies import TEMPLATE_POLICY

            # Current versions of shared templates and of the user's agency's own.
            visible = TEMPLATE_POLICY.instances_user_has_permission_for(user, "view")
            template.queryset = visible.filter(is_current=True) | (
                visible.filter(pk=self.initial.get("template") or 0)
            )


class ItemResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=AuditItem.Result.choices, widget=forms.RadioSelect
    )
    evidence = TextFormField(
        label=_("Audit evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sampled_dossiers = TextFormField(
        label=_("Sampled dossiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = forms.FileField(
        label=_("Photo or PDF"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*,application/pdf", "capture": "environment"}
        ),
    )
    # ISO 9001:2015 6.1.2 b): the question may check one of the audited agency's risks.
    risk = forms.ModelChoiceField(
        label=_("Risk or opportunity checked"),
        queryset=AuditItem._meta.get_field("risk").related_model.objects.none(),  # type: ignore[union-attr]
        required=False,
    )

    def __init__(self, *args: Any, risks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if risks is not None:
            self.fields["risk"].queryset = risks  # type: ignore[attr-defined]


def audited_agency_risks(agency_id: int) -> Any:
    """The audited agency's risks and opportunities that are not closed (one query)."""
    model = AuditItem._meta.get_field("risk").related_model
    return model.objects.filter(agency_id=agency_id).exclude(status="closed")  # type: ignore[union-attr]


class ConclusionForm(forms.Form):
    conclusion = TextFormField(
        label=_("Audit conclusion"), widget=forms.Textarea(attrs={"rows": 5})
    )


class SignForm(forms.Form):
    meaning = forms.ChoiceField(
        label=_("Sign as"), choices=AuditSignature.Meaning.choices
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=PASSWORD_HELP,
    )


class AnalyseForm(forms.Form):
    correction = TextFormField(
        label=_("Immediate correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    why1 = LineFormField(label=_("Why? (1)"), max_length=500)
    why2 = LineFormField(label=_("Why? (2)"), max_length=500, required=False)
    why3 = LineFormField(label=_("Why? (3)"), max_length=500, required=False)
    why4 = LineFormField(label=_("Why? (4)"), max_length=500, required=False)
    why5 = LineFormField(label=_("Why? (5)"), max_length=500, required=False)
    root_cause = TextFormField(
        label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def whys(self) -> list[str]:
        return [self.cleaned_data[f"why{n}"] for n in range(1, 6)]


def _staff_users() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__isnull=False)
        .select_related("staff_profile__agency")
        .order_by("staff_profile__full_name")
    )


class ActionForm(forms.Form):
    description = TextFormField(
        label=_("Corrective action"), widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = UserChoiceField(
        label=_("Person responsible"), queryset=get_user_model().objects.none()
    )
    due_date = forms.DateField(
        label=pgettext_lazy("corrective action", "Due date"), widget=AdminDateInput
    )

    def __init__(self, *args: Any, agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = _staff_users()
        if agency_id is not None:
            owners = owners.filter(staff_profile__agency_id=agency_id)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class VerifyForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Were the actions effective?"),
        choices=[("1", _("Effective")), ("0", _("Not effective"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = TextFormField(
        label=_("What you checked"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = TextFormField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionDoneForm(forms.Form):
    evidence = TextFormField(
        label=_("Evidence of implementation"), widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = forms.FileField(
        label=_("Evidence file (photo or PDF)"), required=False
    )


NC_FORM_FIELDS = [
    "source",
    "severity",
    "agency",
    "unit",
    "clause",
    "procedure",
    "risk",
    "title",
    "description",
    "evidence",
    "detected_on",
    "owner",
    "verifier",
]


class NonconformityForm(ScopedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_choices(self)
        if "verifier" in self.fields:
            self.fields["verifier"].queryset = auditors()
        user = getattr(self, "for_user", None)
        if "owner" in self.fields and user is not None:
            self.fields["owner"].queryset = scope_queryset(
                _staff_users(),
                user,
                lookups=("staff_profile__agency",),
                action="change",
            )

    class Meta:
        model = Nonconformity
        fields = NC_FORM_FIELDS


class ChecklistTemplateForm(ScopedForm):
    """A template's questions may name only procedures the user may read (AC-03 choosers)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        formset = getattr(self, "formsets", {}).get("items")
        if user is None or formset is None:
            return
        from documents.models import ProcedurePage

        procedures = scope_queryset(
            ProcedurePage.objects.order_by("code"), user, lookups=("agency",)
        )

        class ScopedItemForm(formset.form):  # type: ignore[name-defined]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                if "procedure" in self.fields:
                    self.fields["procedure"].queryset = procedures

        # Also the empty form Wagtail clones for "add a question".
        formset.form = ScopedItemForm
        for form in formset.__dict__.get("forms", []):
            if "procedure" in form.fields:
                form.fields["procedure"].queryset = procedures


class AuditorCertificateForm(ScopedForm):
    """Record a certificate of one of the agency's internal auditors (ISO 9001:2015 7.2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields.get("auditor")
        user = getattr(self, "for_user", None)
        if field is None or user is None:
            return
        choices = auditors()
        writable = agency_scope_for(user).writable
        if writable is not None:
            choices = choices.filter(staff_profile__agency__in=list(writable)) | (
                choices.filter(pk=self.initial.get("auditor") or 0)
            )
        field.queryset = choices
        field.label_from_instance = UserChoiceField.label_from_instance.__get__(field)
