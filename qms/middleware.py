"""Language selection (Vietnamese first), the admin's agency scope, the credential hold
of ES-04, and the CSP."""

from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
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

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # Django adds "Vary: Accept-Language"; the language here never depends on that header,
        # only on the cookie, and the false Vary would split every shared cache per browser.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class AdminScopeMiddleware:
    """Wagtail admin views that cannot be scoped to an agency (issue 10, AC-03).

    The page chooser opens any page id and names it in its header: it browses into a draft
    only where the user may explore (public, live pages stay browsable for links). The site
    history and the page-types report list every agency's records and have no scope: they are
    for system administrators only, until a scoped audit trail replaces them.
    """

    CHOOSER_VIEWS = frozenset({"wagtailadmin_choose_page_child"})
    BULK_ACTION_VIEW = "wagtail_bulk_action"
    # Wagtail's image chooser format step opens any image id with no permission check: it
    # would name another agency's image (issue 10 part 2).
    IMAGE_CHOOSER_VIEWS = frozenset({"wagtailimages_chooser:select_format"})
    SUPERUSER_ONLY = frozenset(
        {
            "wagtailadmin_reports:site_history",
            "wagtailadmin_reports:site_history_results",
            "wagtailadmin_reports:page_types_usage",
            "wagtailadmin_reports:page_types_usage_results",
        }
    )

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        match = request.resolver_match
        if match is None:
            return None
        guarded = (
            match.view_name in self.SUPERUSER_ONLY
            or match.view_name in self.IMAGE_CHOOSER_VIEWS
            or (match.url_name or "") in self.CHOOSER_VIEWS
            or match.url_name == self.BULK_ACTION_VIEW
        )
        # Only the guarded admin views ask who the user is: asking on a portal page would
        # load the session and mark it "Vary: Cookie", uncacheable (issue 14, part 6).
        if not guarded or getattr(request.user, "is_superuser", False):
            return None
        if match.view_name in self.SUPERUSER_ONLY:
            raise Http404
        if match.url_name in self.CHOOSER_VIEWS:
            self._check_chooser_parent(request, kwargs.get("parent_page_id"))
        if match.url_name == self.BULK_ACTION_VIEW:
            self._check_bulk_ids(request, kwargs["app_label"], kwargs["model_name"])
        if match.view_name in self.IMAGE_CHOOSER_VIEWS:
            self._check_image_choosable(request, kwargs.get("image_id"))
        return None

    @staticmethod
    def _check_bulk_ids(request: HttpRequest, app_label: str, model_name: str) -> None:
        """A bulk action's confirmation names every record it is given, even those the user
        may not act on ("you cannot delete: …"): ids the user cannot see answer 404."""
        from qms.scoping import bulk_visible

        ids = request.GET.getlist("id")
        if "all" in ids:
            # "Select all" acts on the children of ?childOf= (pages) or on a listing.
            parent = request.GET.get("childOf")
            ids = [parent] if parent else []
        if ids and not bulk_visible(request.user, app_label, model_name, ids):
            raise Http404

    @staticmethod
    def _check_image_choosable(request: HttpRequest, image_id: Any) -> None:
        from wagtail.images import get_image_model
        from wagtail.images.permissions import permission_policy

        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None or not permission_policy.user_has_permission_for_instance(
            request.user, "choose", image
        ):
            raise Http404

    @staticmethod
    def _check_chooser_parent(request: HttpRequest, page_id: Any) -> None:
        from wagtail.models import Page
        from wagtail.permission_policies.pages import PagePermissionPolicy

        page = Page.objects.filter(pk=page_id).only("live").first()
        if page is None or page.live:
            return
        explorable = PagePermissionPolicy().explorable_instances(request.user)
        if not explorable.filter(pk=page.pk).exists():
            raise Http404


class RefusedAccessLogMiddleware:
    """Log every refused admin request that named a record (qms.security, AC-08)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from qms import security

        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response  # anonymous: nothing to log, and the session stays unread
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and security.targets_a_record(request)
            and security.is_refusal(request, response)
        ):
            security.record_refused_access(request, response)
        return response


class CredentialHoldMiddleware:
    """Send an account on a credential hold to the identity screen, whatever it asks for.

    ES-04: after someone else changed a person's e-mail or password, nothing may be signed
    or confirmed with that account until its owner has proved who they are (qms.accounts).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from qms.accounts import credential_hold_active

        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, no account: asking for the user would load the session and mark
            # every anonymous page "Vary: Cookie", uncacheable (issue 14, part 6).
            return self.get_response(request)
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
