"""Signal receivers: each enqueues a task by id once the transaction has committed.

The exception is the announcement of a release: documents sends it from its own retried,
swept task (documents.services.jobs.release_announce), which records that the receivers
finished, so the fan-out runs right there and a failure makes the announcement come again.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from documents.signals import release_published, release_withdrawn
from qms.jobs import enqueue_on_commit
from qms.models import StaffProfile


@receiver(release_published, dispatch_uid="training_assign_release")
def on_release_published(sender: Any, release: Any, **kwargs: Any) -> None:
    from training.services.assignments import release_assign

    release_assign(release_id=release.pk)


@receiver(release_withdrawn, dispatch_uid="training_close_withdrawn")
def on_release_withdrawn(sender: Any, release: Any, **kwargs: Any) -> None:
    from training.tasks import close_withdrawn_release

    enqueue_on_commit(close_withdrawn_release, release.pk)


_DISTRIBUTION_FIELDS = {"agency", "receiving_unit", "position", "is_active"}


@receiver(post_save, sender=StaffProfile, dispatch_uid="training_assign_staff")
def on_staff_saved(sender: Any, instance: StaffProfile, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures loading
    fields = kwargs.get("update_fields")
    if fields is not None and not set(fields) & _DISTRIBUTION_FIELDS:
        return  # e.g. the welcome timestamp: nothing that decides what the person reads
    from training.tasks import assign_staff

    enqueue_on_commit(assign_staff, instance.pk)
