"""Public "Phản ánh, kiến nghị" form and tracking lookup (no login, no personal data shown)."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from feedback.forms import ComplaintForm, TrackingForm
from feedback.models import Feedback
from feedback.services import feedback_submit
from qms.lib.admin import run_service
from qms.models import ReceivingUnit

COMPLAINTS_PER_HOUR = 5
LOOKUPS_PER_HOUR = 60


def _client_ip(request: HttpRequest) -> str:
    # The same client address as the login lockout: X-Forwarded-For believed only from the
    # trusted proxies (QMS_TRUSTED_PROXIES), so a forged header does not reset the limit.
    from qms.lib.net import client_ip

    return client_ip(request)


def _over_limit(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Count requests per client IP in the shared cache, so every worker sees the same count."""
    key = f"feedback:{bucket}:{_client_ip(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def _unit_url(unit: ReceivingUnit) -> str:
    page = getattr(unit, "page", None)
    return page.url if page is not None and page.url else "/"


def _form_page(
    request: HttpRequest, unit: ReceivingUnit, form: ComplaintForm, status: int = 200
) -> HttpResponse:
    return TemplateResponse(
        request,
        "feedback/complaint_form.html",
        {"unit": unit, "form": form, "limited": status == 429},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Receive a citizen's feedback about a one-stop unit (ISO 9001:2015 8.2.1(e))."""
    unit = get_object_or_404(ReceivingUnit.objects.select_related("agency"), pk=unit_id)
    form = ComplaintForm(request.POST or None, agency_id=unit.agency_id)
    if request.method != "POST":
        return _form_page(request, unit, form)
    if _over_limit(request, "complaint", COMPLAINTS_PER_HOUR):
        return _form_page(request, unit, form, status=429)
    if not form.is_valid():
        return _form_page(request, unit, form)
    if form.cleaned_data["website"]:
        # A bot filled the hidden field: answer as if all went well, store nothing.
        return redirect(_unit_url(unit))
    submitted: list[Feedback] = []
    data = form.cleaned_data
    if not run_service(
        request,
        lambda: submitted.append(
            feedback_submit(
                unit=unit,
                description=data["description"],
                contact=data["contact"],
                procedure=data["procedure"],
            )
        ),
        form=form,
    ):
        return _form_page(request, unit, form)
    code = submitted[0].tracking_code
    messages.success(
        request,
        _("Thank you. Keep your tracking code to follow up: %(code)s") % {"code": code},
    )
    url = reverse("feedback:complaint_status")
    return redirect(f"{url}?{urlencode({'ma': code})}")


def complaint_status(request: HttpRequest) -> HttpResponse:
    """Look feedback up by its tracking code: its progress and answer, never its content."""
    form = TrackingForm({"code": request.GET["ma"]} if "ma" in request.GET else None)
    found = None
    limited = False
    if form.is_bound and form.is_valid():
        if _over_limit(request, "lookup", LOOKUPS_PER_HOUR):
            limited = True
        else:
            # Only what the citizen may read: never the description or the contact.
            found = (
                Feedback.objects.filter(tracking_code=form.cleaned_data["code"].upper())
                .only(
                    "tracking_code",
                    "status",
                    "received_at",
                    "due_on",
                    "answer",
                    "answered_at",
                )
                .first()
            )
    return TemplateResponse(
        request,
        "feedback/complaint_status.html",
        {
            "form": form,
            "found": found,
            "searched": form.is_bound,
            "limited": limited,
        },
        status=429 if limited else 200,
    )
