"""Province administrators create and revoke system keys (issue 17 part 3)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from api.models import SystemKey
from api.services import system_key_create, system_key_revoke
from qms.lib.admin import run_service
from qms.models import Agency


def _admin_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("System name"), max_length=50)
    agency = forms.ModelChoiceField(
        Agency.objects.order_by("name"),
        label=gettext_lazy("Agency"),
        required=False,
        empty_label=gettext_lazy("The whole province"),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=SystemKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


@require_http_methods(["GET", "POST"])
def keys(request: HttpRequest) -> HttpResponse:
    """The keys, and a form for a new one; a new key's secret is shown on this page once."""
    _admin_only(request)
    form = KeyForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        made: dict[str, Any] = {}

        def act() -> None:
            made["key"], made["secret"] = system_key_create(
                name=form.cleaned_data["name"],
                agency=form.cleaned_data["agency"],
                scopes=form.cleaned_data["scopes"],
                user=request.user,
            )

        if run_service(request, act, form):
            secret, form = made["secret"], KeyForm()
    rows = SystemKey.objects.select_related("agency").order_by("-created")
    return render(
        request,
        "api/admin/keys.html",
        {
            "title": _("System keys"),
            "form": form,
            "secret": secret,
            "rows": rows,
            "scope_labels": dict(SystemKey.Scope.choices),
        },
    )


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, key_id: str) -> HttpResponse:
    _admin_only(request)
    key = get_object_or_404(SystemKey, prefix=key_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def act() -> None:
            system_key_revoke(
                key=key, user=request.user, reason=form.cleaned_data["reason"]
            )

        if run_service(request, act, form):
            return redirect("api_keys")
    return render(
        request,
        "api/admin/revoke.html",
        {"title": _("Revoke a system key"), "form": form, "key": key},
    )
