"""Language selection (Vietnamese first), the credential hold of ES-04, and the CSP."""

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but never follows the browser's Accept-Language.

    Officers' machines and citizens' phones are often set to English; the portal and the admin
    must still open in Vietnamese (the administrative language) until someone picks English.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CredentialHoldMiddleware:
    """Send an account on a credential hold to the identity screen, whatever it asks for.

    ES-04: after someone else changed a person's e-mail or password, nothing may be signed
    or confirmed with that account until its owner has proved who they are (qms.accounts).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from qms.accounts import credential_hold_active

        user = getattr(request, "user", None)
        if credential_hold_active(user) and not self._allowed(request.path):
            return redirect("qms_credential_hold")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            reverse("qms_credential_hold"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_login"),
            settings.STATIC_URL,
            reverse("wagtailadmin_javascript_catalog"),
        )
        return path.startswith(allowed)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with inline scripts allowed in Wagtail's admin only.

    Wagtail's date, time and inline-panel widgets start themselves with small inline
    <script> tags that carry no nonce, so the admin needs 'unsafe-inline' for scripts; the
    public portal has no inline script and keeps the strict policy.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,  # noqa: FBT001, FBT002 - django-csp's signature
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(reverse("wagtailadmin_home")):
            parts.update = {**(parts.update or {}), "script-src": "'unsafe-inline'"}
        return parts
