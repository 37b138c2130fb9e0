"""Admin of the documents app: legal basis register, releases (read-only), log actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from documents.models import DocumentRelease, LegalDocument, ReviewFlag
from qms.admin_viewsets import ScopedModelViewSet, ServiceSaveMixin


def _save_legal_document(instance: Any, user: Any, reason: str) -> Any:
    from documents.services.legal import legal_document_save

    return legal_document_save(document=instance, user=user, reason=reason)


class _LegalCreateView(ServiceSaveMixin, CreateView):
    log_action = "wagtail.create"


class _LegalEditView(ServiceSaveMixin, EditView):
    pass


class LegalDocumentViewSet(ModelViewSet):
    """Province-wide register; marking a document amended or repealed flags its dependants."""

    model = LegalDocument
    add_view_class = _LegalCreateView
    edit_view_class = _LegalEditView
    icon = "doc-full"
    menu_label = _("Legal bases")
    list_display = ["number", "title", "issuer", "issue_date", "status"]
    list_filter = ["status", "issuer"]
    search_fields = ["number", "title", "issuer"]
    form_fields = [
        "number",
        "title",
        "issuer",
        "issue_date",
        "effective_date",
        "status",
        "replaced_by",
    ]
    list_export = [
        "number",
        "title",
        "issuer",
        "issue_date",
        "effective_date",
        "status",
    ]
    export_filename = "can-cu-phap-ly"
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_add_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_add_view_kwargs(save_service=_save_legal_document, **kwargs)

    def get_edit_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_edit_view_kwargs(save_service=_save_legal_document, **kwargs)


class ReviewFlagViewSet(ScopedModelViewSet):
    """ "Tài liệu cần rà soát": documents whose legal basis changed, for their owners."""

    model = ReviewFlag
    icon = "warning"
    menu_label = _("Documents to re-examine")
    list_display = [
        "page",
        "agency",
        "legal_document",
        "status",
        "due_date",
        "resolved_at",
    ]
    list_filter = ["status", "resolved_at"]
    list_export = [
        "page",
        "agency",
        "legal_document",
        "status",
        "due_date",
        "resolved_at",
    ]
    export_filename = "tai-lieu-can-ra-soat"
    form_fields: list[str] = []


class ReleaseLinksColumn(Column):
    """View the frozen revision of a release, compare it with the previous one, open its PDF."""

    cell_template_name = "documents/admin/release_links_cell.html"

    def get_cell_context_data(
        self, instance: Any, parent_context: Any
    ) -> dict[str, Any]:
        from django.urls import reverse

        context: dict[str, Any] = super().get_cell_context_data(
            instance, parent_context
        )
        context["view_url"] = reverse(
            "wagtailadmin_pages:revisions_view",
            args=[instance.page_id, instance.revision_id],
        )
        previous = getattr(instance, "supersedes", None)
        if previous is not None:
            context["compare_url"] = reverse(
                "wagtailadmin_pages:revisions_compare",
                args=[instance.page_id, previous.revision_id, instance.revision_id],
            )
        if instance.pdf_status == DocumentRelease.PdfStatus.READY:
            context["pdf_url"] = reverse(
                "documents:release_pdf", args=[instance.verify_token]
            )
        return context


class ReleaseIndexView(IndexView):
    def get_base_queryset(self) -> Any:
        from documents.selectors import document_pages_in_scope

        pages = document_pages_in_scope(self.request.user)
        return DocumentRelease.objects.filter(page__in=pages).select_related(
            "supersedes"
        )


class DocumentReleaseViewSet(ModelViewSet):
    """Releases are created by publishing; here they are only listed and inspected."""

    index_view_class = ReleaseIndexView
    model = DocumentRelease
    icon = "history"
    menu_label = _("Releases")
    list_display = [
        "code",
        "title",
        "number_label",
        "effective_date",
        "status_label",
        "pdf_status",
        ReleaseLinksColumn("links", label=_("Release")),
    ]
    list_filter = ["pdf_status"]
    search_fields = ["code", "title"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []
    add_to_admin_menu = False


class DocumentsGroup(ViewSetGroup):
    menu_label = _("Document control")
    menu_icon = "doc-full-inverse"
    menu_order = 140
    items = (DocumentReleaseViewSet, LegalDocumentViewSet, ReviewFlagViewSet)


@hooks.register("register_admin_viewset")
def register_documents() -> DocumentsGroup:
    return DocumentsGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    actions.register_action(
        "documents.signature.sign", _("Sign"), _("Signed electronically")
    )
    actions.register_action(
        "documents.signature.failed",
        _("Failed signature"),
        _("Signing refused: wrong password"),
    )
    actions.register_action("documents.release.publish", _("Release"), _("Released"))
    actions.register_action(
        "documents.release.withdraw", _("Withdraw"), _("Release withdrawn")
    )
    actions.register_action(
        "documents.review.record", _("Periodic review"), _("Periodic review recorded")
    )


@hooks.register("register_admin_urls")
def register_report_urls() -> list[Any]:
    from django.urls import path

    from documents import admin_views
    from documents.reports import MasterListView

    return [
        path(
            "documents/<int:page_id>/withdraw/",
            admin_views.withdraw,
            name="documents_withdraw",
        ),
        path(
            "documents/<int:page_id>/review/",
            admin_views.review,
            name="documents_review",
        ),
        path(
            "reports/danh-muc-tai-lieu/",
            MasterListView.as_view(),
            name="documents_master_list",
        ),
        path(
            "reports/danh-muc-tai-lieu/results/",
            MasterListView.as_view(results_only=True),
            name="documents_master_list_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_master_list_menu_item() -> Any:
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    class MasterListMenuItem(MenuItem):
        def is_shown(self, request: Any) -> bool:
            return request.user.has_perm("wagtailadmin.access_admin")

    return MasterListMenuItem(
        _("Master list of documents"),
        reverse("documents_master_list"),
        icon_name="list-ul",
        order=100,
    )


class ReviewDuePanel(Component):
    """Dashboard panel "Tài liệu đến hạn xem xét" for the user's agencies."""

    name = "documents_review_due"
    template_name = "documents/admin/review_due_panel.html"
    order = 110

    def __init__(self, documents: list[Any]) -> None:
        self.documents = documents

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        from django.utils import timezone

        return {"documents": self.documents, "today": timezone.localdate()}


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request: Any, panels: list[Any]) -> None:
    from django.utils import timezone

    from documents.services.reviews import documents_due_for_review
    from qms.scoping import agency_scope_for

    documents = documents_due_for_review(
        on=timezone.localdate(), agency_ids=agency_scope_for(request.user).readable
    )
    if documents:
        panels.append(ReviewDuePanel(documents))


@hooks.register("register_page_header_buttons")
def document_lifecycle_buttons(
    page: Any, user: Any, view_name: str = "", next_url: Any = None
) -> Any:
    from django.urls import reverse
    from wagtail.admin.widgets.button import ListingButton

    from documents.models import ControlledDocumentPage

    specific = page.specific_deferred
    if not isinstance(specific, ControlledDocumentPage) or not page.live:
        return
    yield ListingButton(
        _("Periodic review"),
        reverse("documents_review", args=[page.pk]),
        icon_name="calendar-check",
        priority=61,
    )
    yield ListingButton(
        _("Withdraw"),
        reverse("documents_withdraw", args=[page.pk]),
        icon_name="cross",
        priority=62,
    )


# --- Release PDF jobs: status where the officer works, "Tạo lại PDF", failures panel --------
# One block, kept apart from the rest of this module: the listing column replaces the plain
# "pdf_status" field of the Releases viewset (its class is read when the viewset registers).


def _with_pdf_status_column(columns: list[Any]) -> list[Any]:
    from documents.pdf_admin import PdfStatusColumn

    return [
        PdfStatusColumn("pdf_status", label=_("PDF"))
        if column == "pdf_status"
        else column
        for column in columns
    ]


DocumentReleaseViewSet.list_display = _with_pdf_status_column(
    DocumentReleaseViewSet.list_display
)


@hooks.register("register_admin_urls")
def register_release_pdf_urls() -> list[Any]:
    from django.urls import path

    from documents.pdf_admin import release_pdf

    return [
        path(
            "documents/releases/<int:release_id>/pdf/",
            release_pdf,
            name="documents_release_pdf",
        )
    ]


@hooks.register("register_log_actions")
def register_release_pdf_log_actions(actions: Any) -> None:
    actions.register_action(
        "documents.release.pdf_regenerate",
        _("Regenerate PDF"),
        _("The release PDF was queued again"),
    )


@hooks.register("construct_homepage_panels")
def add_failed_pdf_panel(request: Any, panels: list[Any]) -> None:
    from documents.pdf_admin import FailedPdfPanel
    from documents.services.jobs import releases_pdf_failed
    from qms.scoping import agency_scope_for

    releases = releases_pdf_failed(agency_ids=agency_scope_for(request.user).readable)
    if releases:
        panels.append(FailedPdfPanel(releases))


_PDF_BUTTON_LABELS: dict[str, Any] = {
    DocumentRelease.PdfStatus.QUEUED: _("PDF queued"),
    DocumentRelease.PdfStatus.PROCESSING: _("PDF being rendered"),
    DocumentRelease.PdfStatus.READY: _("PDF ready"),
    DocumentRelease.PdfStatus.FAILED: _("PDF failed: regenerate"),
}


@hooks.register("register_page_header_buttons")
def release_pdf_header_button(
    page: Any, user: Any, view_name: str = "", next_url: Any = None
) -> Any:
    """The state of the newest release's PDF in the page header (editor and explorer)."""
    from django.urls import reverse
    from wagtail.admin.widgets.button import ListingButton

    from documents.models import ControlledDocumentPage
    from documents.pdf_admin import latest_release

    if not isinstance(page.specific_deferred, ControlledDocumentPage):
        return
    release = latest_release(page.pk)
    if release is None:
        return
    failed = release.pdf_status == DocumentRelease.PdfStatus.FAILED
    yield ListingButton(
        _PDF_BUTTON_LABELS.get(release.pdf_status, _("PDF")),
        reverse("documents_release_pdf", args=[release.pk]),
        icon_name="warning" if failed else "doc-full",
        priority=60,
    )
