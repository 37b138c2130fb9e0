from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
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
        _name_page_search_results()


def _name_page_search_results() -> None:
    """Wagtail's page search names no model: its count read "1-1 trên 1 None" (issue 13)."""
    from wagtail.admin.views.pages.search import SearchView
    from wagtail.models import Page

    SearchView.verbose_name = Page._meta.verbose_name
    SearchView.verbose_name_plural = Page._meta.verbose_name_plural
