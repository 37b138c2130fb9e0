"""One sender function per e-mail; each renders a subject/txt/html triplet in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from qms.lib.history import printed_name
from qms.lib.notify import absolute_url, notify
from qms.models import Notification, StaffProfile


def send_welcome(profile: StaffProfile) -> None:
    """E-mail a new staff member their username and a link to set a password; notify in-app."""
    user = profile.user
    if user.has_usable_password():
        set_password_url = absolute_url(reverse("wagtailadmin_login"))
    else:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        set_password_url = absolute_url(
            reverse(
                "wagtailadmin_password_reset_confirm",
                kwargs={"uidb64": uid, "token": token},
            )
        )
    context = {
        "profile": profile,
        "user": user,
        "login_url": absolute_url(reverse("wagtailadmin_login")),
        "set_password_url": set_password_url,
    }
    notify(
        recipients=[user],
        template="welcome",
        context=context,
        kind=Notification.Kind.WELCOME,
        target=reverse("wagtailadmin_home"),
        event_key="qms.welcome",
    )


def send_credentials_changed(
    *,
    user: Any,
    changed_by: Any,
    old_email: str,
    email_changed: bool,
    password_changed: bool,
) -> None:
    """Tell a person that someone else changed their e-mail or password (ES-04)."""
    context = {
        "user": user,
        "changed_by": printed_name(changed_by),
        "email_changed": email_changed,
        "password_changed": password_changed,
        "old_email": old_email,
        "new_email": user.email,
        "login_url": absolute_url(reverse("wagtailadmin_login")),
    }
    # The old address too: if the change was not wanted, the owner must still hear of it.
    notify(
        recipients=[user],
        template="credentials-changed",
        context=context,
        kind=Notification.Kind.ACCOUNT,
        target=reverse("wagtailadmin_home"),
        also_email=[old_email] if old_email else [],
    )
