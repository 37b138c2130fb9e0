"""Tell people something: one e-mail from a template triplet and its in-app twin, once.

Every sender in every app calls :func:`notify`. The e-mail is rendered from
``templates/emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` (the text the
in-app notification shows is ``-notice.txt`` when the template has one, else the text body).
It leaves only when the surrounding transaction commits, so a rolled-back change tells no
one. The in-app notification carries the link to what it is about, reversed by the caller or
found by Wagtail's admin URL finder, never typed by hand. This module knows no feature app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from qms.models import Notification


def absolute_url(path: str) -> str:
    """Return ``path`` on the admin's public address, for links in e-mails."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def target_path(target: models.Model | str | None) -> str:
    """The admin path of ``target``: a path already reversed, or the record's edit screen."""
    if target is None or isinstance(target, str):
        return target or ""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder().get_edit_url(target) or ""


def render_triplet(
    template: str, context: Mapping[str, Any]
) -> tuple[str, str, str, str]:
    """Render subject, text body, HTML body and the in-app text of an e-mail template."""
    base = f"emails/{template}"
    subject = render_to_string(f"{base}-subject.txt", context)
    # Template tags leave blank lines behind; a plain-text e-mail keeps at most one.
    text = re.sub(r"\n{3,}", "\n\n", render_to_string(f"{base}-body.txt", context))
    html = render_to_string(f"{base}-body.html", context)
    notice = select_template([f"{base}-notice.txt", f"{base}-body.txt"])
    notice_text = notice.render(context).strip()
    return " ".join(subject.split()), text.strip() + "\n", html, notice_text


def notify(
    *,
    recipients: Iterable[Any],
    template: str,
    context: Mapping[str, Any],
    kind: str,
    target: models.Model | str | None = None,
    event_key: str | None = None,
    email: bool = True,
    also_email: Sequence[str] = (),
) -> list[Notification]:
    """Notify each recipient in the app and, on commit, by e-mail; return what was created.

    ``event_key`` names the event: a recipient already told about it is skipped, e-mail and
    all, so a retried task has one effect. Without it every call notifies. ``also_email``
    adds addresses to each recipient's e-mail without an in-app twin (the old address after
    someone else changed it). ``email=False`` keeps the notice in the app only.
    """
    url = target_path(target)
    full = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "target_url": absolute_url(url) if url else "",
        **context,
    }
    # E-mails and notices are in Vietnamese whatever language the sender's screen was in.
    with translation.override(settings.LANGUAGE_CODE):
        subject, text, html, notice = render_triplet(template, full)
    created = []
    for user in recipients:
        notification = notify_in_app(
            user, kind=kind, subject=subject, body=notice, url=url, key=event_key
        )
        if notification is None:
            continue
        created.append(notification)
        addresses = list(dict.fromkeys(a for a in (user.email, *also_email) if a))
        if email and addresses:
            message = EmailMultiAlternatives(
                subject, text, settings.DEFAULT_FROM_EMAIL, addresses
            )
            message.attach_alternative(html, "text/html")
            # robust: a mail server that is down must not undo the committed change nor
            # hide the in-app notice; emailed_at stays empty and the error is logged.
            transaction.on_commit(_sender(message, notification.pk), robust=True)
    return created


def notify_in_app(
    user: Any, *, kind: str, subject: str, body: str, url: str, key: str | None
) -> Notification | None:
    """Create one in-app notification, or None if ``user`` already had this event's."""
    try:
        # A savepoint: a duplicate rolls back alone, not the caller's transaction.
        with transaction.atomic():
            return Notification.objects.create(
                recipient=user,
                kind=kind,
                subject=subject[:255],
                body=body,
                url=url,
                event_key=(key or "")[:150],
            )
    except IntegrityError:
        return None  # this person was already told about this event


def _sender(
    message: EmailMultiAlternatives, notification_pk: int
) -> Callable[[], None]:
    def send_email() -> None:
        message.send()
        Notification.objects.filter(pk=notification_pk).update(
            emailed_at=timezone.now()
        )

    return send_email
