"""The retry policy every Celery task shares, and enqueueing that never fails the caller.

Celery gives at-least-once delivery at best (reliability tests §0.3): a task retries on its
own only for errors that time may heal, and whatever must not be lost has its state in the
database, where a sweeper finds it again. Enqueueing therefore never raises into a request:
a broker that is down costs a delay, not the user's work.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import InterfaceError, transaction
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

# Errors that may pass by themselves: storage or network hiccups (OSError covers timeouts,
# refused connections and a read-only or full disk), a database restart, a broker blip.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    DatabaseOperationalError,
    InterfaceError,
    BrokerOperationalError,
)

# Backoff of 5, 10, 20, 40 s (randomised by the jitter so retries of many tasks spread out).
# The longest wait stays far below the broker's visibility timeout (RL-04) and below the
# sweeper's "queued too long" limit, so a retry is never mistaken for a lost message.
RETRY_BACKOFF_S = 5
RETRY_BACKOFF_MAX_S = 60
MAX_RETRIES = 4

RETRY_POLICY: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": RETRY_BACKOFF_S,
    "retry_backoff_max": RETRY_BACKOFF_MAX_S,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
    "acks_late": True,
}


def enqueue(task: Any, *args: Any) -> bool:
    """Send a task by ids; on any failure log it and return False instead of raising.

    With a broker, a failure means the message was not sent (the caller's database state says
    what is still to do). Eagerly, the task ran here: its own failure is already recorded by
    its service, and the request that triggered it must still succeed.
    """
    try:
        task.delay(*args)
    except Exception:
        logger.exception("Could not run or enqueue %s%r", task.name, args)
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Enqueue once the current transaction commits (RL-03), never raising into the caller."""
    transaction.on_commit(lambda: enqueue(task, *args))


def last_attempt(task: Any) -> bool:
    """Whether a transient error now is recorded as the failure instead of being retried."""
    # Run eagerly (no broker), no worker would ever come back for a retry.
    return bool(task.request.is_eager) or task.request.retries >= task.max_retries
