"""Signing by re-entering one's password: the rule every signed record of the system follows.

A document's approval, an audit report, a disposal minute, a quality objective's approval,
management-review minutes: the signer proves presence by typing the password again. A wrong
password signs nothing, and the attempt is logged (warning + Wagtail log entry) before the
refusal, outside any transaction that would roll the log back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from wagtail.log_actions import log

logger = logging.getLogger("qms.signing")


def require_password(
    *, user: Any, password: str, instance: models.Model, failed_action: str
) -> None:
    """Refuse (``PermissionDenied``) unless ``password`` is the user's; log a failure.

    ``failed_action`` is the registered Wagtail log action of a refused signature, e.g.
    ``"performance.objective.sign_failed"``. Call this before opening the signing
    transaction, so the log entry survives the refusal.
    """
    if user.check_password(password or ""):
        return
    logger.warning(
        "Failed signature (%s) by %s on %s %s",
        failed_action,
        user.username,
        instance._meta.label,
        instance.pk,
    )
    log(instance=instance, action=failed_action, user=user)
    raise PermissionDenied(_("The password is wrong, so nothing was signed."))
