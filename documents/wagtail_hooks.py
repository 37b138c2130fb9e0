"""Admin of the documents app: legal basis register, releases (read-only), log actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from documents.models import DocumentRelease, LegalDocument, ReviewFlag
from documents.services.legal import legal_document_save
from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedModelViewSet,
    ServiceModelViewSet,
)
from qms.lib.history_view import FieldHistoryView


class _LegalIndexView(IndexView):
    def get_list_more_buttons(self, instance: Any) -> list[Any]:
        from django.urls import reverse
        from wagtail.admin.widgets.button import MenuItem

        from qms.scoping import maintains_province_registers

        buttons: list[Any] = list(super().get_list_more_buttons(instance))
        if not maintains_province_registers(self.request.user):
            return buttons
        withdrawn = instance.status == LegalDocument.Status.WITHDRAWN
        if instance.status != LegalDocument.Status.IN_FORCE and not withdrawn:
            buttons.append(
                MenuItem(
                    _("Undo the status change"),
                    url=reverse("documents_legal_revert", args=[instance.pk]),
                    icon_name="undo",
                    priority=30,
                )
            )
        if not withdrawn:
            # In place of delete: the entry stays, marked, with the reason (ISO 7.5.3.2 c).
            buttons.append(
                MenuItem(
                    _("Withdraw from the register"),
                    url=reverse("documents_legal_withdraw", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class LegalDocumentViewSet(ServiceModelViewSet):
    """Province-wide register; marking a document amended or repealed flags its dependants.

    Everyone reads it; only province-level agencies change it (issue 10 part 3).
    """

    model = LegalDocument
    history_view_class = FieldHistoryView
    delete_view_class = RefusedDeleteView
    index_view_class = _LegalIndexView
    save_service = staticmethod(legal_document_save)
    save_service_arg = "document"
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

    @property
    def permission_policy(self) -> Any:
        from qms.scoping import EvidenceRegisterPermissionPolicy

        return EvidenceRegisterPermissionPolicy(self.model)


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


class ReleaseInspectView(InspectView):
    """Only releases of documents in the user's scope (AC-03): another agency's id is a 404."""

    def get_object(self, queryset: Any = None) -> Any:
        from django.http import Http404

        from documents.selectors import document_pages_in_scope

        release = super().get_object(queryset)
        pages = document_pages_in_scope(self.request.user)
        if not pages.filter(pk=release.page_id).exists():
            raise Http404
        return release


def _release_reason(release: DocumentRelease) -> str:
    """Why the release was issued, or why it was withdrawn: readable in the register.

    Pages keep Wagtail's own history; the reasons of a release live on the release, so the
    register shows them (ISO 9001:2015 7.5.3.2 c).
    """
    if release.withdrawn_at is None:
        return release.amendment_summary
    withdrawn = _("Withdrawn: %(reason)s") % {"reason": release.withdrawal_reason}
    return f"{release.amendment_summary} — {withdrawn}"


class DocumentReleaseViewSet(ModelViewSet):
    """Releases are created by publishing; here they are only listed and inspected."""

    index_view_class = ReleaseIndexView
    inspect_view_class = ReleaseInspectView
    model = DocumentRelease
    icon = "history"
    menu_label = _("Releases")
    list_display = [
        "code",
        "title",
        Column("number_label", label=_("Release number")),
        "effective_date",
        Column("status_label", label=_("Status")),
        "pdf_status",
        Column("reason", accessor=_release_reason, label=_("Reason")),
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

    from documents import admin_views, signing_views
    from documents.reports import MasterListView

    return [
        path(
            "documents/signed/<int:pk>/", signing_views.signed, name="documents_signed"
        ),
        path(
            "documents/<int:page_id>/withdraw/",
            admin_views.withdraw,
            name="documents_withdraw",
        ),
        path(
            "documents/legal/<int:pk>/revert/",
            admin_views.legal_revert,
            name="documents_legal_revert",
        ),
        path(
            "documents/legal/<int:pk>/withdraw/",
            admin_views.legal_withdraw,
            name="documents_legal_withdraw",
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

    def __init__(self, documents: list[Any], total: int) -> None:
        self.documents = documents
        self.total = total

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        from django.urls import reverse
        from django.utils import timezone

        return {
            "documents": self.documents,
            "total": self.total,
            "more": self.total - len(self.documents),
            "all_url": reverse("documents_master_list") + "?status=review_due",
            "today": timezone.localdate(),
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request: Any, panels: list[Any]) -> None:
    from django.utils import timezone

    from documents.selectors import review_due_extract
    from documents.services.reviews import NOTICE_DAYS
    from qms.scoping import agency_scope_for

    documents, total = review_due_extract(
        on=timezone.localdate(),
        within_days=NOTICE_DAYS,
        agency_ids=agency_scope_for(request.user).readable,
    )
    if documents:
        panels.append(ReviewDuePanel(documents, total))


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


# --- Signed-only publishing (issue 9): close Wagtail's own doors to "live" with a message. ---
# documents.publishing refuses any unsigned go-live below these doors too; the hooks give the
# user a Vietnamese explanation and a way forward instead of a bare 403.

_PUBLISH_MENU_ITEMS = {"action-publish", "action-unpublish"}


def _is_controlled(page: Any) -> bool:
    from documents.models import ControlledDocumentPage

    specific = getattr(page, "specific_deferred", page)
    return isinstance(specific, ControlledDocumentPage)


def _creating_controlled(request: Any) -> bool:
    # The create view builds its action menu without the page: read the type from the URL.
    from django.apps import apps

    from documents.models import ControlledDocumentPage

    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    try:
        model = apps.get_model(
            kwargs["content_type_app_name"], kwargs["content_type_model_name"]
        )
    except (KeyError, LookupError):
        return False
    return issubclass(model, ControlledDocumentPage)


def _has_controlled_descendants(page: Any) -> bool:
    from documents.models import DOCUMENT_PAGE_MODELS

    return page.get_descendants().type(*DOCUMENT_PAGE_MODELS).exists()


def _refuse(request: Any, message: Any, url: str) -> Any:
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.error(request, message)
    return redirect(url)


@hooks.register("construct_page_action_menu")
def remove_direct_publishing(menu_items: list[Any], request: Any, context: Any) -> None:
    """No Publish / Unpublish in the editor of a controlled document, for anyone."""
    if _is_controlled(context.get("page")) or _creating_controlled(request):
        menu_items[:] = [
            item for item in menu_items if item.name not in _PUBLISH_MENU_ITEMS
        ]


@hooks.register("before_publish_page")
def refuse_direct_publish(request: Any, page: Any) -> Any:
    from django.urls import reverse

    from documents.publishing import not_signed_message

    if _is_controlled(page):
        # The editor already saved the draft revision: nothing typed is lost.
        return _refuse(
            request,
            f"{not_signed_message()} {_('Your draft has been saved.')}",
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        )
    return None


@hooks.register("before_unpublish_page")
def refuse_direct_unpublish(request: Any, page: Any) -> Any:
    from django.urls import reverse

    if _is_controlled(page):
        return _refuse(
            request,
            _(
                "A controlled document leaves force only by withdrawal, with a reason and "
                "the signer's password (Withdraw)."
            ),
            reverse("documents_withdraw", args=[page.pk]),
        )
    if request.POST.get("include_descendants") and _has_controlled_descendants(page):
        return _refuse(
            request,
            _(
                "This page contains controlled documents: withdraw each of them with a "
                "reason instead of unpublishing the whole section."
            ),
            reverse("wagtailadmin_explore", args=[page.pk]),
        )
    return None


def _holds_records(page: Any) -> bool:
    """A released or signed document is a record (ISO 9001:2015 7.5.3.2(d)): never deleted.

    So is one that change requests were raised on: they name it and are kept.
    """
    from documents.models import ChangeRequest, DocumentRelease, ElectronicSignature

    pages = page.get_descendants(inclusive=True)
    return (
        DocumentRelease.objects.filter(page__in=pages).exists()
        or ElectronicSignature.objects.filter(page__in=pages).exists()
        or ChangeRequest.objects.filter(document__in=pages).exists()
    )


def _refuse_delete(request: Any, page: Any) -> Any:
    from django.urls import reverse

    return _refuse(
        request,
        _(
            "A released or signed controlled document is a record and is never deleted: "
            "withdraw it (Withdraw) with a reason instead."
        ),
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
    )


@hooks.register("before_delete_page")
def refuse_deleting_records(request: Any, page: Any) -> Any:
    if request.method == "POST" and _holds_records(page):
        return _refuse_delete(request, page)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing(
    request: Any, action_type: str, objects: list[Any], action_class_instance: Any
) -> Any:
    from django.urls import reverse

    if action_type == "delete":
        held = next((page for page in objects if _holds_records(page)), None)
        return _refuse_delete(request, held) if held is not None else None
    if action_type not in {"publish", "unpublish"}:
        return None
    descendants = bool(request.POST.get("include_descendants"))
    if any(
        _is_controlled(page) or (descendants and _has_controlled_descendants(page))
        for page in objects
    ):
        return _refuse(
            request,
            _(
                "Controlled documents are not published or unpublished in bulk: each goes "
                "through review and approval, or withdrawal, on its own."
            ),
            reverse("wagtailadmin_explore_root"),
        )
    return None


@hooks.register("before_copy_page")
def refuse_publishing_copies(request: Any, page: Any) -> Any:
    from django.urls import reverse

    if not request.POST.get("publish_copies"):
        return None
    if _is_controlled(page) or (
        request.POST.get("copy_subpages") and _has_controlled_descendants(page)
    ):
        return _refuse(
            request,
            _(
                "A copy of a controlled document starts as a draft; it takes effect only "
                "after its own review and approval."
            ),
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
        )
    return None


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
    from documents.services.jobs import releases_pdf_failed_queryset
    from qms.lib.capped import capped
    from qms.scoping import agency_scope_for

    agency_ids = agency_scope_for(request.user).readable
    releases = capped(releases_pdf_failed_queryset(agency_ids=agency_ids))
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


@hooks.register("before_edit_page")
def warn_of_a_failed_release_pdf(request: Any, page: Any) -> None:
    """The officer opening the editor sees a failed PDF at once, not behind the "…" menu."""
    from django.urls import reverse
    from wagtail.admin import messages

    if request.method != "GET" or not _is_controlled(page):
        return
    from documents.pdf_admin import latest_release

    release = latest_release(page.pk)
    if release is None or release.pdf_status != DocumentRelease.PdfStatus.FAILED:
        return
    messages.error(
        request,
        _("The PDF of release %(number)s could not be made: %(reason)s")
        % {"number": release.number_label, "reason": release.pdf_error},
        buttons=[
            messages.button(
                reverse("documents_release_pdf", args=[release.pk]),
                _("Regenerate PDF"),
            )
        ],
    )


# Serve a Wagtail file only to its agency's readers, or to anyone while a live public
# release uses it (issue 10 part 2, AC-01). Order 100: after Wagtail's own view-restriction
# check, as every project hook on this door (stack notes §7).
@hooks.register("before_serve_document", order=100)
def serve_file_only_in_scope_or_public(document: Any, request: Any) -> Any:
    import logging

    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404

    from documents.selectors import file_in_public_release, file_readable_by

    if file_readable_by(request.user, document) or file_in_public_release(document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    logging.getLogger("qms.security").warning(
        "Out-of-scope file request: user=%s document=%s", request.user.pk, document.pk
    )
    raise Http404


# The admin API lists files to anyone who may open the admin; narrow it to the files the
# user may choose or change (their agency's collection). Order 100: after Wagtail's hooks
# register the unscoped endpoints, so these replace them.
@hooks.register("construct_admin_api", order=100)
def scope_file_endpoints_of_admin_api(router: Any) -> None:
    from documents.file_admin import ScopedDocumentsAPIViewSet, ScopedImagesAPIViewSet

    router.register_endpoint("documents", ScopedDocumentsAPIViewSet)
    router.register_endpoint("images", ScopedImagesAPIViewSet)


# Việc của tôi (issue 13): what this person must sign, review or repair (documents.my_work).
@hooks.register("qms_my_work")
def my_work_documents(user: Any) -> list[dict[str, Any]]:
    from documents import my_work

    return [
        *my_work.signing_group(user),
        *my_work.review_due_group(user),
        *my_work.failed_pdf_group(user),
    ]


def _has_signing(request: Any, panels: list[Any]) -> bool:
    # My work's panel (added before this hook runs) already holds the signing group: reading
    # it spares the dashboard a second pass over every signing task.
    for panel in panels:
        if getattr(panel, "name", "") == "qms_my_work":
            return any(g["key"] == "documents.signing" for g in panel.groups)
    from documents import my_work

    return bool(my_work.signing_group(request.user))


# After qms's My work panel (order 0), whose groups it reads.
@hooks.register("construct_homepage_panels", order=50)
def keep_document_panels_for_those_who_act(request: Any, panels: list[Any]) -> None:
    """Dashboards per role (issue 13): staff saw review panels that were not theirs.

    The officer finds the reviews due and the failed PDFs in My work; the agency-wide review
    panel stays for supervisors and superusers, who oversee every agency; the failed-PDF
    panel (with its regenerate button) for quality officers and superusers.
    """
    from qms.roles import Role
    from qms.scoping import user_roles

    user = request.user
    roles = user_roles(user)
    hidden = set()
    if not (user.is_superuser or Role.SUPERVISOR in roles):
        hidden.add("documents_review_due")
    if not (user.is_superuser or Role.QUALITY_OFFICER in roles):
        hidden.add("documents_failed_pdfs")
    # Wagtail's "Awaiting your review" showed the secretary her own submissions, with no
    # action. It stays only for who has a step to sign: its row action signs the submitted
    # revision itself (the editor's action menu would save a new revision first).
    if not _has_signing(request, panels):
        hidden.add("workflow_objects_to_moderate")
    panels[:] = [panel for panel in panels if panel.name not in hidden]


# Change requests (issue 13 part 4) join the document-control menu group; their hooks and
# those of the records list (part 5) live in their own modules: importing registers them.
from documents import change_request_admin as _change_requests  # noqa: E402
from documents import change_request_hooks, records_hooks  # noqa: E402, F401

# Appended to the group's tuple, whose inferred type names only the first three viewsets.
DocumentsGroup.items = (*DocumentsGroup.items, _change_requests.ChangeRequestViewSet)  # type: ignore[assignment]

# The "Tài liệu" listing (issue 13 part 3) registers its URLs and menu item on import.
from documents import listing_hooks  # noqa: E402, F401


# The form-file chooser of a procedure's form rows (issue 13 part 2): the one upload path
# that accepts DOCX and XLSX besides PDF (documents.form_files says how that is enforced).
@hooks.register("register_admin_viewset")
def register_form_file_chooser() -> Any:
    from documents.form_files import form_file_chooser_viewset

    return form_file_chooser_viewset


# Signing from the page editor opens the dashboard's dialog (issue 13): importing registers it.
# The agency page's list of documents in force (issue 14): importing registers it.
from documents import public as _public  # noqa: E402, F401
from documents import signing_hooks  # noqa: E402, F401
