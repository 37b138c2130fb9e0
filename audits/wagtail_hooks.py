"""Admin of the audits app: viewsets, menu, reports, dashboard panels and log actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

LOG_ACTIONS = [
    ("audits.audit.start", _("Start audit"), _("Audit started")),
    ("audits.audit.report", _("Finish fieldwork"), _("Fieldwork finished")),
    ("audits.audit.close", _("Close audit"), _("Audit closed")),
    ("audits.programme.approve", _("Approve programme"), _("Audit programme approved")),
    ("audits.signature.sign", _("Sign report"), _("Audit report signed")),
    ("audits.signature.failed", _("Failed signature"), _("Signing refused: wrong password")),
    ("audits.nonconformity.create", _("Register nonconformity"), _("Nonconformity registered")),
    ("audits.nonconformity.edit", _("Edit nonconformity"), _("Nonconformity edited")),
    ("audits.nonconformity.analyse", _("Analyse cause"), _("Cause analysed")),
    ("audits.nonconformity.plan", _("Plan actions"), _("Corrective actions planned")),
    ("audits.nonconformity.implement", _("Implement actions"), _("Corrective actions implemented")),
    ("audits.nonconformity.verify", _("Verify"), _("Effectiveness verified")),
    ("audits.nonconformity.ineffective", _("Not effective"), _("Found not effective")),
    ("audits.nonconformity.close", _("Close nonconformity"), _("Nonconformity closed")),
    ("audits.nonconformity.cancel", _("Cancel nonconformity"), _("Nonconformity cancelled")),
    ("audits.nonconformity.reopen", _("Reopen nonconformity"), _("Nonconformity reopened")),
]


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for name, label, message in LOG_ACTIONS:
        actions.register_action(name, label, message)
