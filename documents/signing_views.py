"""The confirmation that follows an electronic signature (issue 13 part 7).

Wagtail's workflow action view redirects without a message; the signing step redirects
here instead, which says what was signed, in which role and when, then opens the document.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from documents.models import ElectronicSignature
from documents.services.signing import signing_subject


def signed(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the signer sees the confirmation of their own signature."""
    signature = (
        ElectronicSignature.objects.filter(pk=pk, signer_id=request.user.pk)
        .select_related("page", "revision")
        .first()
    )
    if signature is None:
        raise Http404
    messages.success(
        request,
        _("Signed as %(subject)s at %(time)s.")
        % {
            "subject": signing_subject(
                page=signature.page,
                meaning=signature.meaning,
                revision=signature.revision,
            ),
            "time": date_format(
                timezone.localtime(signature.signed_at), "SHORT_DATETIME_FORMAT"
            ),
        },
    )
    return redirect("wagtailadmin_pages:edit", signature.page_id)
