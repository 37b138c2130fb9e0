"""Daily reminders as one digest per person: one e-mail, one in-app twin, one connection.

A daily job (reading reminders, corrective actions, periodic reviews) selects what is due
and not yet notified, set-based, and hands the items here. Each person gets ONE digest for
the job and the day, listing all their items with links; its in-app twin is one notification
per person and day (not one per item: a head with two hundred overdue readers would find the
bell unusable, and the e-mail it mirrors is one message too). The items are recorded as
notified set-based, in the same transaction as the notifications, and the e-mails leave on
commit over a single SMTP connection in chunks. A run stops at its time budget, before the
broker would redeliver it; whoever is left gets their digest from the next run.

A person who already had today's digest from this job gets no second one: items that became
due since then stay unrecorded and go into tomorrow's. This module knows no feature app.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from qms.lib.notify import absolute_url, render_triplet
from qms.models import Notification

logger = logging.getLogger(__name__)
CHUNK_SIZE = 200  # people per transaction and per send_messages call


@dataclass(frozen=True)
class DigestItem:
    """One thing a person must be told about, rendered, with the row that records it."""

    recipient: Any  # a user
    subject: str
    text: str
    url: str  # admin path of what to do
    marker: models.Model  # unsaved: saved once this item is in a digest


@dataclass
class DigestRun:
    """What a run did: items and people notified, and whether it finished in its budget."""

    items: int = 0
    people: int = 0
    finished: bool = True
    skipped: list[int] = field(default_factory=list)


def render_item(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render the subject and in-app text of one item from a feature's e-mail templates."""
    base = f"emails/{template}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{base}-subject.txt", context)
        notice = select_template([f"{base}-notice.txt", f"{base}-body.txt"])
        text = notice.render(context).strip()
    return " ".join(subject.split()), text


def digest_key(name: str, on: Any) -> str:
    """The event key of a job's digest to one person on one day."""
    return f"{name}:{on.isoformat()}"


def digests_send(
    *,
    name: str,
    title: str,
    items: Iterable[DigestItem],
    on: Any,
    list_url: str,
    email: bool = True,
    budget_s: float | None = None,
    chunk_size: int | None = None,
) -> DigestRun:
    """Send one digest per person for job ``name`` on day ``on``; return what was done.

    ``title`` heads a digest of several items (its subject reads "title: N items");
    ``list_url`` is where such a digest links (a single item links to itself).
    ``budget_s`` (default QMS_REMINDER_TIME_BUDGET_S) bounds the run; at least one chunk is
    always sent, so every run makes progress.
    """
    groups: dict[int, list[DigestItem]] = {}
    for item in items:
        groups.setdefault(item.recipient.pk, []).append(item)
    run = DigestRun()
    if not groups:
        return run
    key = digest_key(name, on)
    told = set(
        Notification.objects.filter(
            event_key=key, recipient_id__in=list(groups)
        ).values_list("recipient_id", flat=True)
    )
    people = [group for pk, group in groups.items() if pk not in told]
    run.skipped = sorted(told)
    budget = settings.QMS_REMINDER_TIME_BUDGET_S if budget_s is None else budget_s
    deadline = time.monotonic() + budget
    chunk_size = chunk_size or CHUNK_SIZE
    connection = _open_connection() if email else None
    try:
        for start in range(0, len(people), chunk_size):
            if start and time.monotonic() >= deadline:
                run.finished = False
                break
            chunk = people[start : start + chunk_size]
            sent = _send_chunk(
                chunk, key=key, on=on, title=title, list_url=list_url, conn=connection
            )
            if sent:
                run.people += len(chunk)
                run.items += sum(len(group) for group in chunk)
    finally:
        if connection is not None:
            connection.close()
    return run


def _open_connection() -> Any:
    connection = get_connection()
    try:
        connection.open()
    except OSError:
        # The notifications are still recorded; each chunk's send retries the connection
        # and its failure is logged, leaving emailed_at empty (as qms.lib.notify does).
        logger.exception("Mail server unreachable at the start of a digest run")
    return connection


def _send_chunk(
    chunk: Sequence[list[DigestItem]],
    *,
    key: str,
    on: Any,
    title: str,
    list_url: str,
    conn: Any,
) -> bool:
    built = [_digest(group, on=on, title=title, list_url=list_url) for group in chunk]
    notifications = [
        Notification(
            recipient=group[0].recipient,
            kind=Notification.Kind.REMINDER,
            subject=subject[:255],
            body=notice,
            url=url,
            event_key=key[:150],
        )
        for group, (subject, _text, _html, notice, url) in zip(
            chunk, built, strict=True
        )
    ]
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(notifications)
            _record(item.marker for group in chunk for item in group)
    except IntegrityError:
        return False  # a concurrent run sent these digests
    if conn is not None:
        messages = _messages(chunk, built, notifications)
        transaction.on_commit(lambda: _deliver(conn, messages), robust=True)
    return True


def _digest(
    group: list[DigestItem], *, on: Any, title: str, list_url: str
) -> tuple[str, str, str, str, str]:
    # One item reads as it always did; several are listed under a digest subject.
    url = group[0].url if len(group) == 1 else list_url
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "target_url": absolute_url(url) if url else "",
        "items": [
            {"text": i.text, "subject": i.subject, "url": absolute_url(i.url)}
            for i in group
        ],
        "count": len(group),
        "date": on,
        "title": title,
        "single_subject": group[0].subject if len(group) == 1 else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject, text, html, notice = render_triplet("digest", context)
    return subject, text, html, notice, url


def _record(markers: Iterable[models.Model]) -> None:
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for marker in markers:
        by_model.setdefault(type(marker), []).append(marker)
    for model, rows in by_model.items():
        # An item already recorded (a head told by another digest) is simply kept.
        model._default_manager.bulk_create(rows, ignore_conflicts=True)


def _messages(
    chunk: Sequence[list[DigestItem]],
    built: list[tuple[str, str, str, str, str]],
    notifications: list[Notification],
) -> list[tuple[int, EmailMultiAlternatives]]:
    messages = []
    for group, (subject, text, html, _n, _u), notification in zip(
        chunk, built, notifications, strict=True
    ):
        address = group[0].recipient.email
        if not address:
            continue
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [address]
        )
        message.attach_alternative(html, "text/html")
        messages.append((notification.pk, message))
    return messages


def _deliver(conn: Any, messages: list[tuple[int, EmailMultiAlternatives]]) -> None:
    if not messages:
        return
    # One connection for the whole run: opening SMTP per message is what took hours.
    conn.send_messages([message for _pk, message in messages])
    Notification.objects.filter(pk__in=[pk for pk, _m in messages]).update(
        emailed_at=timezone.now()
    )
