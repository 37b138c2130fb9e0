"""Small views outside the page tree: error pages and the identity confirmation (ES-04)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from qms import accounts
from qms.forms import CredentialHoldClearForm


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@login_required
def credential_hold(request: HttpRequest) -> HttpResponse:
    """Let the owner of a held account prove who they are and set a new password (ES-04)."""
    form = CredentialHoldClearForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.credential_hold_clear(
                user=form.user,
                previous_password=form.cleaned_data["previous_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            form.add_error("previous_password", exc.error_dict["previous_password"])
        else:
            update_session_auth_hash(request, form.user)
            messages.success(request, _("Your identity is confirmed."))
            return redirect("wagtailadmin_home")
    return TemplateResponse(
        request,
        "qms/admin/credential_hold.html",
        {"form": form, "title": _("Confirm your identity")},
    )
