"""Refused access is evidence: every refusal of an admin object URL is logged twice.

Reliability tests AC-03/AC-08 and issue 10 part 1: an attempt on another agency's record
(a crafted id in an admin URL, a bulk action on someone else's ids) must leave a line in the
security log *and* an entry in Wagtail's audit log, where a system administrator reads it in
the site history without access to the servers. The rule lives in a middleware, below every
view, so a view added tomorrow is covered without anyone remembering to log.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from wagtail.log_actions import log

logger = logging.getLogger("qms.security")

ACCESS_REFUSED = "qms.access_refused"
# Wagtail answers a refused admin view with a redirect to the dashboard (admin/auth.py
# permission_denied); our own views answer 403 or 404 (out of scope is "not found").
REFUSED_STATUSES = frozenset({403, 404})


def is_refusal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response refuses the request (rather than serving or redirecting it)."""
    if response.status_code in REFUSED_STATUSES:
        return True
    if response.status_code != 302:
        return False
    home = reverse("wagtailadmin_home")
    return response.get("Location") == home and request.path != home


def targets_a_record(request: HttpRequest) -> bool:
    """An admin URL that names records: ids in the path, or the ids of a bulk action."""
    match = request.resolver_match
    if match is None or not request.path.startswith(reverse("wagtailadmin_home")):
        return False
    return (
        bool(match.kwargs) and any(key.endswith(("id", "pk")) for key in match.kwargs)
    ) or bool(request.GET.getlist("id"))


def record_refused_access(request: HttpRequest, response: HttpResponseBase) -> None:
    """Log one refused attempt in the security log and in Wagtail's audit log."""
    user = request.user
    if not isinstance(user, User):
        return
    match = request.resolver_match
    data: dict[str, Any] = {
        "method": request.method,
        "path": request.get_full_path()[:500],
        "view": match.view_name if match else "",
        "status": response.status_code,
    }
    logger.warning(
        "Access refused: %s %s (%s) for %s, answered %s",
        data["method"],
        data["path"],
        data["view"],
        user.get_username(),
        data["status"],
    )
    # On the user who tried: the entry names who, when and what, and appears in the site
    # history and the user's own history for the system administrator.
    log(instance=user, action=ACCESS_REFUSED, user=user, data=data)
