"""Admin login form with a translatable password label, and the identity-confirmation form."""

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from qms.accounts import lockout_message


class LoginForm(WagtailLoginForm):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            # django-axes refused the attempt: say so, rather than "wrong password".
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out") from None
            raise


class CredentialHoldClearForm(SetPasswordForm):
    """The owner gives the password from before the change, then chooses a new one."""

    previous_password = forms.CharField(
        label=_("Your password before the change"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["previous_password", "new_password1", "new_password2"]


class CredentialHoldLiftForm(forms.Form):
    """What a second administrator did to be sure the owner is who they say (ES-04)."""

    reason = forms.CharField(
        label=_("How was the owner's identity checked?"),
        help_text=_(
            "E.g. the owner came in person with their citizen ID card. "
            "Recorded in the account's audit log."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Say how the owner's identity was checked.")},
    )
