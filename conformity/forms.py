"""Forms of the scope and announcement screens: plain fields, no saving (services save)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conformity.models import Announcement, ScopeVersion
from conformity.services import agency_heads
from qms.lib.history import printed_name
from qms.models import ReceivingUnit

SEPARATOR = "|"


def tthc_choices(agency_id: int) -> list[tuple[str, str]]:
    """The agency's live TTHC procedures with their national codes (documents register)."""
    from documents.models import ProcedurePage

    rows = (
        ProcedurePage.objects.live()
        .filter(agency_id=agency_id, kind=ProcedurePage.Kind.TTHC)
        .order_by("national_code", "title")
        .values_list("pk", "national_code", "title")
    )
    return [
        (str(pk), f"{code} — {title}" if code else title) for pk, code, title in rows
    ]


def _lines(text: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split(SEPARATOR, 1)]
        for line in text.splitlines()
        if line.strip()
    ]


class ScopeForm(forms.Form):
    """The draft of a scope version (ISO 9001:2015 4.3)."""

    tthc = forms.MultipleChoiceField(
        label=_("Administrative procedures covered"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The agency's TTHC procedures in force, with their national codes."
        ),
    )
    other_procedures = forms.CharField(
        label=_("Other administrative procedures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: national code | name (for procedures with no QMS procedure yet)."
        ),
    )
    processes = forms.CharField(
        label=_("Processes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One process a line."),
    )
    units = forms.MultipleChoiceField(
        label=_("Units applying the system"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exclusions = forms.CharField(
        label=_("Requirements not applicable"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: clause | justification (ISO 9001:2015 4.3)."),
    )
    changes = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, version: ScopeVersion, **kwargs: Any) -> None:
        self.version = version
        self.pages = dict(tthc_choices(version.agency_id))
        units = ReceivingUnit.objects.filter(agency_id=version.agency_id).order_by(
            "name"
        )
        self.unit_names = {
            str(pk): name for pk, name in units.values_list("pk", "name")
        }
        kwargs.setdefault("initial", self._initial(version))
        super().__init__(*args, **kwargs)
        tthc: Any = self.fields["tthc"]
        tthc.choices = list(self.pages.items())
        units_field: Any = self.fields["units"]
        units_field.choices = list(self.unit_names.items())

    def _initial(self, version: ScopeVersion) -> dict[str, Any]:
        by_label = {label: pk for pk, label in self.pages.items()}
        chosen, others = [], []
        for row in version.procedures:
            label = f"{row['code']} — {row['name']}" if row["code"] else row["name"]
            if label in by_label:
                chosen.append(by_label[label])
            else:
                others.append(f"{row['code']} {SEPARATOR} {row['name']}")
        return {
            "tthc": chosen,
            "other_procedures": "\n".join(others),
            "processes": version.processes,
            "units": [str(u.get("id")) for u in version.units],
            "exclusions": "\n".join(
                f"{e['requirement']} {SEPARATOR} {e['justification']}"
                for e in version.exclusions
            ),
            "changes": version.changes,
        }

    def procedures(self) -> list[dict[str, str]]:
        from documents.models import ProcedurePage

        ids = [int(pk) for pk in self.cleaned_data["tthc"]]
        pages = ProcedurePage.objects.filter(pk__in=ids).order_by(
            "national_code", "title"
        )
        rows = [{"code": p.national_code, "name": p.title} for p in pages]
        for parts in _lines(self.cleaned_data["other_procedures"]):
            code, name = parts if len(parts) == 2 else ("", parts[0])
            rows.append({"code": code, "name": name})
        return rows

    def unit_rows(self) -> list[dict[str, Any]]:
        return [
            {"id": int(pk), "name": self.unit_names[pk]}
            for pk in self.cleaned_data["units"]
        ]

    def exclusion_rows(self) -> list[dict[str, str]]:
        return [
            {
                "requirement": parts[0],
                "justification": parts[1] if len(parts) > 1 else "",
            }
            for parts in _lines(self.cleaned_data["exclusions"])
        ]


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Re-entering your password signs the approval."),
    )


class AnnouncementForm(forms.Form):
    """A decision announcing the QMS's conformity (QĐ 19/2014 Art. 4)."""

    GENERATE, UPLOAD = "generate", "upload"

    scope = forms.ModelChoiceField(
        label=_("Scope version"), queryset=ScopeVersion.objects.none()
    )
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        help_text=_("As printed, e.g. 15/QĐ-UBND."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer = forms.ModelChoiceField(
        label=_("Signer"), queryset=ScopeVersion.objects.none()
    )
    standard = forms.ChoiceField(
        label=_("Standard"),
        choices=Announcement.Standard.choices,
        initial=Announcement.Standard.V2015,
    )
    is_public = forms.BooleanField(
        label=_("Publish the decision on the agency's public page"),
        required=False,
        initial=True,
    )
    mode = forms.ChoiceField(
        label=_("Decision file"),
        choices=[
            (GENERATE, _("Generate the decision; the signer signs with the password")),
            (UPLOAD, _("Upload the scanned signed decision (PDF)")),
        ],
        widget=forms.RadioSelect,
        initial=GENERATE,
    )
    file = forms.FileField(label=_("Scanned decision (PDF)"), required=False)
    password = forms.CharField(
        label=_("Signer's password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "Only for a generated decision: the signer re-enters the password."
        ),
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_field: Any = self.fields["scope"]
        scope_field.queryset = ScopeVersion.objects.filter(
            agency_id=agency_id, status=ScopeVersion.Status.APPROVED
        ).order_by("-number")
        scope_field.initial = scope_field.queryset.values_list("pk", flat=True).first()
        signer_field: Any = self.fields["signer"]
        signer_field.queryset = agency_heads(agency_id)
        signer_field.label_from_instance = printed_name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == self.UPLOAD and not data.get("file"):
            self.add_error("file", _("Choose the PDF of the signed decision."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3})
    )
