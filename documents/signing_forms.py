"""Forms of the signing workflow step: password re-entry to sign, a comment to reject."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def signature_form(task: Any) -> type[forms.Form]:
    """Build the signing form for this task; it checks the password of the user acting on it."""

    class SignatureForm(forms.Form):
        password = forms.CharField(
            label=_("Your password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            help_text=_(
                "Re-enter your password to sign electronically. Your name, position, the time "
                "and the exact content you sign are recorded."
            ),
        )
        comment = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

        def clean_password(self) -> str:
            from documents.services.signing import signature_failed

            password: str = self.cleaned_data["password"]
            user = getattr(task, "_acting_user", None)
            if user is None or not user.check_password(password):
                signature_failed(task=task, user=user)
                raise ValidationError(
                    _(
                        "The password is wrong, so nothing was signed. Enter your own password again."
                    )
                )
            return password

        def clean(self) -> dict[str, Any]:
            from documents.services.signing import sign_preflight

            cleaned: dict[str, Any] = super().clean() or {}
            page = getattr(task, "_acting_page", None)
            state = getattr(page, "current_workflow_task_state", None) if page else None
            if state is not None:
                # Say why the approval cannot publish here, before anything is signed.
                sign_preflight(task=task, revision=state.revision, page=page)
            return cleaned

    return SignatureForm


class RejectionForm(forms.Form):
    comment = forms.CharField(
        label=_("What must be changed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what must be changed: the draft returns to its author.")
        },
    )


def rejection_form() -> type[forms.Form]:
    return RejectionForm
