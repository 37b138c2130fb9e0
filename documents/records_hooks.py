"""Admin hooks of the records list, retention and disposal (issue 13 part 5, M40).

Registered when documents.wagtail_hooks imports this module.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# --- Records list, retention and disposal (issue 13 part 5, M40) ------------------------


@hooks.register("register_admin_viewset")
def register_records() -> Any:
    from documents.records_admin import RecordsGroup

    return RecordsGroup()


@hooks.register("register_admin_urls")
def register_records_urls() -> list[Any]:
    from django.urls import path

    from documents.records_admin import minute_pdf, minute_sign

    return [
        path(
            "records/minutes/<int:pk>/sign/", minute_sign, name="documents_minute_sign"
        ),
        path("records/minutes/<int:pk>/pdf/", minute_pdf, name="documents_minute_pdf"),
    ]


@hooks.register("register_log_actions")
def register_records_log_actions(actions: Any) -> None:
    actions.register_action(
        "documents.disposal.sign",
        _("Sign disposal minute"),
        _("Disposal minute signed"),
    )
    actions.register_action(
        "documents.disposal.sign_failed",
        _("Failed disposal minute signature"),
        _("Disposal minute signature refused: wrong password"),
    )


@hooks.register("qms_my_work")
def my_work_minutes_to_sign(user: Any) -> list[dict[str, Any]]:
    from documents.records_mywork import minutes_to_sign

    return minutes_to_sign(user)


@hooks.register("qms_my_work")
def my_work_records_due(user: Any) -> list[dict[str, Any]]:
    from documents.records_mywork import batches_due

    return batches_due(user)
