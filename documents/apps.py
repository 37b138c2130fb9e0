from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """ISO 9001:2015 7.5 documented information: procedures, releases, public portal."""

    name = "documents"
    verbose_name = _("Controlled documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from documents import editor, handlers, revision_guard

        page_published.connect(
            handlers.on_page_published, dispatch_uid="documents_release"
        )
        page_unpublished.connect(
            handlers.on_page_unpublished, dispatch_uid="documents_withdraw"
        )
        post_page_move.connect(handlers.on_page_moved, dispatch_uid="documents_lists")
        for signal in (post_save, post_delete):
            signal.connect(
                handlers.on_view_restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid="documents_lists_restriction",
            )
        revision_guard.connect()  # RL-07: autosave and saves obey one revision check
        editor.connect()  # no review of a document without a distribution

        from documents.models import DocumentRelease, LegalDocument
        from qms.lib.portal_cache import invalidate_on_change

        # Releases made, superseded or withdrawn and legal bases whose status changes show on
        # the portal's pages: cached pages must not outlive them (issue 14 part 6).
        invalidate_on_change(DocumentRelease, LegalDocument)
