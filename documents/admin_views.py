"""Admin screens for withdrawing a release and recording a periodic review (password re-entry)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from documents.models import ControlledDocumentPage, DocumentReview
from documents.services.lifecycle import document_review, document_withdraw

PASSWORD_HELP = gettext_lazy(
    "Re-enter your password to sign this decision electronically."
)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Withdrawal reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput,
        help_text=PASSWORD_HELP,
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=DocumentReview.Outcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput,
        help_text=PASSWORD_HELP,
    )


def _document(page_id: int) -> ControlledDocumentPage:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ControlledDocumentPage):
        raise ValidationError(_("This page is not a controlled document."))
    return page


def _handle(
    request: HttpRequest,
    page_id: int,
    form_class: type[forms.Form],
    title: str,
    act: Any,
) -> HttpResponse:
    page = _document(page_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(page, form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, field_errors in exc.error_dict.items():
                    form.add_error(
                        field if field in form.fields else None, field_errors
                    )
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Recorded for %(code)s.") % {"code": page.code})
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "documents/admin/decision_form.html",
        {"page": page, "form": form, "title": title},
    )


def withdraw(request: HttpRequest, page_id: int) -> HttpResponse:
    """Thu hồi: withdraw the release in force, with a reason and the signer's password."""
    return _handle(
        request,
        page_id,
        WithdrawForm,
        _("Withdraw the release in force"),
        lambda page, data: document_withdraw(
            page=page,
            user=request.user,
            reason=data["reason"],
            password=data["password"],
        ),
    )


def review(request: HttpRequest, page_id: int) -> HttpResponse:
    """Soát xét định kỳ: record the outcome of a periodic review."""
    return _handle(
        request,
        page_id,
        ReviewForm,
        _("Record a periodic review"),
        lambda page, data: document_review(
            page=page,
            user=request.user,
            password=data["password"],
            outcome=data["outcome"],
            note=data["note"],
        ),
    )
