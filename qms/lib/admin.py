"""Turning a service's refusal into what the person sees, for every admin and public view.

Services raise ``ValidationError`` (bad input, a refused transition: ``TransitionError`` is
one) or ``PermissionDenied``; the transaction has rolled back. A view shows the refusal on
its form when it re-renders one, or as a message when it redirects: never a 500.
Class-based views use ``qms.admin_viewsets.ServiceErrorsMixin``, built on the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def add_service_errors(form: forms.BaseForm, exc: Exception) -> None:
    """Put a refusal on ``form``: field errors on their fields, the rest above the form."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, refusal_message(exc))
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)


def refusal_message(exc: Exception) -> str:
    """One line for a message: a permission refusal says so even when it carries no text."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You do not have permission to do this.")


def run_service(
    request: HttpRequest, act: Callable[[], Any], form: forms.BaseForm | None = None
) -> bool:
    """Call ``act``; return True if it succeeded, else show why and return False.

    With ``form`` the refusal goes on the form (the view re-renders it); without, it becomes
    an error message for the page the view redirects to.
    """
    try:
        act()
    except (PermissionDenied, ValidationError) as exc:
        if form is not None:
            add_service_errors(form, exc)
        else:
            messages.error(request, refusal_message(exc))
        return False
    return True
