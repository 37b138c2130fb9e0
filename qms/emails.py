"""One sender function per e-mail; each renders a subject/txt/html triplet in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from qms.models import Notification, StaffProfile


def _render(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return " ".join(subject.split()), text, html


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_welcome(profile: StaffProfile) -> None:
    """E-mail a new staff member their username and a link to set a password; notify in-app."""
    user = profile.user
    if user.has_usable_password():
        set_password_url = _absolute(reverse("wagtailadmin_login"))
    else:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        set_password_url = _absolute(
            reverse(
                "wagtailadmin_password_reset_confirm",
                kwargs={"uidb64": uid, "token": token},
            )
        )
    context = {
        "profile": profile,
        "user": user,
        "login_url": _absolute(reverse("wagtailadmin_login")),
        "set_password_url": set_password_url,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    # E-mails go out in Vietnamese whatever language the sender's screen was in.
    with translation.override("vi"):
        subject, text, html = _render("welcome", context)
    Notification.objects.get_or_create(
        recipient=user,
        kind=Notification.Kind.WELCOME,
        defaults={
            "subject": subject,
            "body": text,
            "url": reverse("wagtailadmin_home"),
        },
    )
    if user.email:
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [user.email]
        )
        message.attach_alternative(html, "text/html")
        message.send()


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
        "changed_by": changed_by.get_full_name() or changed_by.get_username(),
        "email_changed": email_changed,
        "password_changed": password_changed,
        "old_email": old_email,
        "new_email": user.email,
        "login_url": _absolute(reverse("wagtailadmin_login")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override("vi"):
        subject, text, html = _render("credentials-changed", context)
    Notification.objects.create(
        recipient=user,
        kind=Notification.Kind.ACCOUNT,
        subject=subject,
        body=text,
        url=reverse("wagtailadmin_home"),
    )
    # The old address too: if the change was not wanted, the owner must still hear of it.
    recipients = list(dict.fromkeys(a for a in (old_email, user.email) if a))
    if recipients:
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, recipients
        )
        message.attach_alternative(html, "text/html")
        message.send()
