"""Admin screens for withdrawing a release and recording a periodic review (password re-entry)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import ControlledDocumentPage, DocumentReview
from documents.services.lifecycle import document_review, document_withdraw
from qms.lib.admin import run_service

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


def _document(
    request: HttpRequest, page_id: int, action: str
) -> ControlledDocumentPage:
    """The document if the user may decide on it.

    404 outside the user's scope, naming nothing (AC-03); 403 for a document they may read but
    not decide on (an ISO secretary cannot withdraw).
    """
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from documents.selectors import document_pages_in_scope

    page = get_object_or_404(document_pages_in_scope(request.user), pk=page_id)
    page = page.specific
    if not isinstance(page, ControlledDocumentPage):
        raise Http404
    allowed = PagePermissionPolicy().instances_user_has_permission_for(
        request.user, action
    )
    if not allowed.filter(pk=page.pk).exists():
        raise PermissionDenied
    return page


def _handle(
    request: HttpRequest,
    page_id: int,
    form_class: type[forms.Form],
    title: str,
    act: Any,
    action: str,
) -> HttpResponse:
    page = _document(request, page_id, action)
    form = form_class(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(request, lambda: act(page, form.cleaned_data), form=form)
    ):
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
        "publish",
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
        "change",
    )


class LegalReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


def _legal_reason_action(
    request: HttpRequest,
    pk: int,
    *,
    service: Callable[..., Any],
    texts: dict[str, Any],
) -> HttpResponse:
    """A province maintainer changes a legal document's standing with a reason (a service)."""
    from documents.models import LegalDocument
    from qms.scoping import maintains_province_registers

    if not maintains_province_registers(request.user):
        raise PermissionDenied
    document = get_object_or_404(LegalDocument, pk=pk)
    form = LegalReasonForm(request.POST or None, label=texts["label"])
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: service(
                document=document, user=request.user, reason=form.cleaned_data["reason"]
            ),
            form=form,
        )
    ):
        messages.success(request, texts["done"] % {"number": document.number})
        return redirect("legaldocument:index")
    return TemplateResponse(
        request,
        "documents/admin/legal_reason.html",
        {"document": document, "form": form, **texts},
    )


def legal_revert(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a mistaken "amended"/"repealed" on a legal document (province maintainers only)."""
    from documents.services.legal import legal_document_status_revert

    return _legal_reason_action(
        request,
        pk,
        service=legal_document_status_revert,
        texts={
            "title": _("Undo a status change"),
            "label": _("Why the status change is undone"),
            "explanation": _(
                "The legal document goes back in force; the re-examination flags its "
                "status change raised are closed. The reason is kept in its history."
            ),
            "button": _("Undo the status change"),
            "button_class": "button",
            "done": _("%(number)s is in force again."),
        },
    )


def legal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a register entry with a reason: the register's answer to "delete"."""
    from documents.services.legal import legal_document_withdraw

    return _legal_reason_action(
        request,
        pk,
        service=legal_document_withdraw,
        texts={
            "title": _("Withdraw from the register"),
            "label": _("Why the entry is withdrawn"),
            "explanation": _(
                "The entry stays in the register, marked as withdrawn, with your reason "
                "in its history; documents that cite it keep showing it. Its open "
                "re-examination flags are closed."
            ),
            "button": _("Withdraw from the register"),
            "button_class": "button no",
            "done": _("%(number)s is withdrawn from the register."),
        },
    )
