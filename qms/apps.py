from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class QmsConfig(AppConfig):
    name = "qms"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms import signals
        from qms.lib import exports, workflow_mail
        from qms.models import AgencyPage

        # Every CSV/XLSX export: BOM, formula escaping, local dates, labels (issue 10).
        exports.install()
        # After every migrate the five role groups exist with exactly their permissions.
        post_migrate.connect(signals.sync_roles_after_migrate, sender=self)
        post_save.connect(signals.grant_agency_page_permissions, sender=AgencyPage)
        # Every e-mail has an in-app twin, Wagtail's workflow e-mails included.
        workflow_mail.connect()
        self._invalidate_portal_cache()
        _name_page_search_results()

    @staticmethod
    def _invalidate_portal_cache() -> None:
        """What the portal shows of the page tree and the organisation (issue 14 part 6)."""
        from wagtail.models import PageViewRestriction, Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from qms.lib import portal_cache
        from qms.models import Agency, ReceivingUnit, Succession

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(
                portal_cache.portal_changed_on_commit, dispatch_uid="qms_portal_pages"
            )
        # Saving a draft changes nothing public; deleting a page (live or not) may.
        for model in get_page_models():
            post_delete.connect(
                portal_cache.portal_changed_on_commit,
                sender=model,
                dispatch_uid=f"qms_portal_delete_{model._meta.label_lower}",
            )
        portal_cache.invalidate_on_change(
            PageViewRestriction, Site, Agency, ReceivingUnit, Succession
        )


def _name_page_search_results() -> None:
    """Wagtail's page search names no model: its count read "1-1 trên 1 None" (issue 13)."""
    from wagtail.admin.views.pages.search import SearchView
    from wagtail.models import Page

    SearchView.verbose_name = Page._meta.verbose_name
    SearchView.verbose_name_plural = Page._meta.verbose_name_plural
