"""Public portal pages: home, agency and one-stop unit (server-rendered, no external assets)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from qms.lib.page_reads import ServingReadsMixin, specific_for_serving
from qms.lib.slugs import AsciiSlugMixin

from .organisation import Agency, ReceivingUnit


class HomePage(AsciiSlugMixin, Page):
    """The province portal: every current agency and its one-stop units."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["qms.AgencyPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("portal home page")

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        # Documents sit five levels deep (agency → unit → index → document); Wagtail's default
        # routing costs two queries per level. Resolve the whole path in one query instead;
        # the usual view-restriction checks still run when the page is served.
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path, live=True).first()
            if page is not None:
                return RouteResult(specific_for_serving(page, request))
        return super().route(request, path_components)

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from qms.selectors import portal_agencies

        context = super().get_context(request, *args, **kwargs)
        context["current_agencies"], context["former_agencies"] = portal_agencies(
            request
        )
        return context


class AgencyPage(ServingReadsMixin, AsciiSlugMixin, Page):
    """The public page of one agency; its subtree holds the agency's units and documents."""

    agency: models.OneToOneField[Agency, Agency] = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("agency"), FieldPanel("intro")]
    parent_page_types = ["qms.HomePage", "qms.AgencyPage"]
    subpage_types = [
        "qms.AgencyPage",
        "qms.ReceivingUnitPage",
        "documents.DocumentIndexPage",
    ]

    class Meta:
        verbose_name = _("agency page")

    # What the page's template follows, read with the page (qms.lib.page_reads).
    serve_related = ("agency",)

    @classmethod
    def serving_reads(cls, page: Page, request: Any) -> dict[str, Any]:
        from qms.selectors import agency_public_reads

        return agency_public_reads(page, request)

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from qms.selectors import agency_public_context

        context = super().get_context(request, *args, **kwargs)
        context.update(agency_public_context(self.context_reads(request)))
        return context


class ReceivingUnitPage(AsciiSlugMixin, Page):
    """The public page of a one-stop unit: address, opening hours, contact."""

    unit: models.OneToOneField[ReceivingUnit, ReceivingUnit] = models.OneToOneField(
        ReceivingUnit,
        verbose_name=_("one-stop unit"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("unit"), FieldPanel("intro")]
    parent_page_types = ["qms.AgencyPage"]
    subpage_types = ["documents.DocumentIndexPage"]

    class Meta:
        verbose_name = _("one-stop unit page")

    serve_related = ("unit__agency",)
