"""Errors as RFC 9457 problem details, with a Vietnamese ``detail`` (issue 17 part 4).

Every error of the API, DRF's own (validation, 404, throttling) and a path the API does not
have, answers ``application/problem+json``: ``type``, ``title``, ``status``, ``detail`` and,
for a validation error, the invalid fields in ``errors``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM = "application/problem+json"


def _title(status: int) -> str:
    titles = {
        400: _("Invalid request"),
        401: _("Authentication required"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Format not available"),
        429: _("Too many requests"),
    }
    return titles.get(status, _("Request failed"))


def problem(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
        **extra,
    }


def _throttled(exc: Exception) -> str:
    wait = getattr(exc, "wait", None)
    if wait is None:
        return _("Too many requests: try again later.")
    return _("Too many requests: try again in %(seconds)d seconds.") % {
        "seconds": int(wait) + 1
    }


# DRF's own messages have no Vietnamese: the ones a caller meets, in our words.
_OWN_WORDS: dict[type[Exception], Any] = {
    exceptions.NotAuthenticated: lambda exc: _(
        "Send the system key in the header Authorization: Api-Key <key>."
    ),
    exceptions.Throttled: _throttled,
    exceptions.MethodNotAllowed: lambda exc: _(
        "This address does not take this method."
    ),
    exceptions.ParseError: lambda exc: _("The request body is not valid JSON."),
    exceptions.UnsupportedMediaType: lambda exc: _("Send the request body as JSON."),
    exceptions.NotAcceptable: lambda exc: _("The API answers in JSON only."),
}


class RowsRejected(exceptions.ValidationError):
    """No pushed row passed the checks: nothing stored, every row's errors reported (kept
    as given: DRF would turn the row numbers into strings)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__({"rows": [str(row) for row in rows]})
        self.rows = rows


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: DRF's response, reshaped as a problem document."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    extra: dict[str, Any] = {}
    if isinstance(exc, RowsRejected):
        detail = _("No row is valid; nothing was stored.")
        extra["errors"] = {"rows": exc.rows}
    elif isinstance(exc, exceptions.ValidationError):
        detail = _("Some parameters are not valid.")
        extra["errors"] = response.data
    elif type(exc) in _OWN_WORDS:
        detail = str(_OWN_WORDS[type(exc)](exc))
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = str(response.data["detail"])
    else:
        detail = str(response.data)
    response.data = problem(response.status_code, detail, **extra)
    response.content_type = PROBLEM
    return response


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any path under /api/v1/ that is not an endpoint."""
    return JsonResponse(
        problem(404, _("There is no such address in the API.")),
        status=404,
        content_type=PROBLEM,
        json_dumps_params={"ensure_ascii": False},
    )
