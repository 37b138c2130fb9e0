from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """ISO 9001:2015 7.5 documented information: procedures, releases, public portal."""

    name = "documents"
    verbose_name = _("Controlled documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from documents import editor, handlers, revision_guard

        page_published.connect(
            handlers.on_page_published, dispatch_uid="documents_release"
        )
        page_unpublished.connect(
            handlers.on_page_unpublished, dispatch_uid="documents_withdraw"
        )
        revision_guard.connect()  # RL-07: autosave and saves obey one revision check
        editor.connect()  # no review of a document without a distribution
