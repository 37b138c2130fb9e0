"""Small views outside the page tree: error pages and the identity confirmation (ES-04)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from qms import accounts
from qms.forms import CredentialHoldClearForm, CredentialHoldLiftForm
from qms.lib.admin import run_service
from qms.models import CredentialHold


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Let engines index the portal (not the admin) and find the sitemap."""
    sitemap_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("sitemap")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_GET
def language_switch(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the portal's language by a plain link, then return to the page.

    The switch used to be a POST form with a CSRF token, which put a ``csrftoken`` cookie and
    ``Vary: Cookie`` on every anonymous page, so none could be cached (issue 14, part 6).
    Choosing a language changes nothing but the chooser's own display: a link is enough.
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@login_required
def credential_hold(request: HttpRequest) -> HttpResponse:
    """Let the owner of a held account prove who they are and set a new password (ES-04)."""
    form = CredentialHoldClearForm(request.user, request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: accounts.credential_hold_clear(
                user=form.user,
                previous_password=form.cleaned_data["previous_password"],
                new_password=form.cleaned_data["new_password1"],
            ),
            form=form,
        )
    ):
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your identity is confirmed."))
        return redirect("wagtailadmin_home")
    return TemplateResponse(
        request,
        "qms/admin/credential_hold.html",
        {"form": form, "title": _("Confirm your identity")},
    )


def _superuser_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


HOLDS_PER_PAGE = 50


def credential_holds(request: HttpRequest) -> HttpResponse:
    """The accounts someone else changed and that wait for their owner (ES-04)."""
    _superuser_only(request)
    holds = CredentialHold.objects.select_related(
        "user__staff_profile", "changed_by"
    ).order_by("-created_at", "pk")
    # Paged like every admin list (issue 12): a province may hold many accounts at once.
    page = Paginator(holds, HOLDS_PER_PAGE).get_page(request.GET.get("p"))
    rows = [(hold, accounts.can_lift_hold(hold, request.user)) for hold in page]
    return TemplateResponse(
        request,
        "qms/admin/credential_holds.html",
        {
            "rows": rows,
            "title": _("Accounts on hold"),
            "page_obj": page,
            "elided_page_range": page.paginator.get_elided_page_range(page.number),
        },
    )


def credential_hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    """A second administrator lifts a hold, saying how the owner's identity was checked."""
    _superuser_only(request)
    hold = get_object_or_404(CredentialHold.objects.select_related("user"), pk=pk)
    form = CredentialHoldLiftForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: accounts.credential_hold_remove(
                user=hold.user,
                removed_by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            ),
            form=form,
        )
    ):
        messages.success(
            request, _("The hold on %(user)s is lifted.") % {"user": hold.user}
        )
        return redirect("qms_credential_holds")
    return TemplateResponse(
        request,
        "qms/admin/credential_hold_lift.html",
        {"hold": hold, "form": form, "title": _("Lift the account hold")},
    )
