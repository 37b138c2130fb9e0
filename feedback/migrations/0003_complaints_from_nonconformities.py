"""Complaints stored as nonconformities (tracking code set) become feedback rows.

Until issue 14 every citizen complaint was registered as a nonconformity of source "citizen
complaint", with the tracking code and contact on the nonconformity. Each becomes a feedback
row that keeps the code (so the citizen's tracking link still works), linked to the
nonconformity it raised; nobody had answered the citizen, so it waits for an answer. The
next audits migration drops the two columns from the nonconformity.
"""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def _add_working_days(start, days):
    # A copy of feedback.models.add_working_days: migrations never import app code.
    current = start
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _received_at(nc, historical):
    first = (
        historical.objects.filter(id=nc.pk)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if first is not None:
        return first
    midnight = dt.datetime.combine(nc.detected_on, dt.time())
    return timezone.make_aware(midnight, timezone.get_default_timezone())


def _unit_id(nc, unit_model):
    if nc.unit_id is not None:
        return nc.unit_id
    # complaint_submit always set the unit; a hand-edited row falls back to the agency's.
    unit_id = (
        unit_model.objects.filter(agency_id=nc.agency_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if unit_id is None:
        raise RuntimeError(
            f"Complaint {nc.tracking_code} ({nc.code}) names no one-stop unit and its "
            "agency has none: add a unit to the agency, then migrate again."
        )
    return unit_id


def forward(apps, schema_editor):
    Nonconformity = apps.get_model("audits", "Nonconformity")
    HistoricalNonconformity = apps.get_model("audits", "HistoricalNonconformity")
    ReceivingUnit = apps.get_model("qms", "ReceivingUnit")
    Feedback = apps.get_model("feedback", "Feedback")
    HistoricalFeedback = apps.get_model("feedback", "HistoricalFeedback")
    days = getattr(settings, "QMS_FEEDBACK_RESPONSE_DAYS", 10)
    complaints = Nonconformity.objects.filter(tracking_code__isnull=False).order_by(
        "pk"
    )
    for nc in complaints:
        if Feedback.objects.filter(tracking_code=nc.tracking_code).exists():
            continue
        received_at = _received_at(nc, HistoricalNonconformity)
        feedback = Feedback.objects.create(
            tracking_code=nc.tracking_code,
            agency_id=nc.agency_id,
            unit_id=_unit_id(nc, ReceivingUnit),
            procedure_id=nc.procedure_id,
            description=nc.description,
            contact=nc.contact,
            received_at=received_at,
            due_on=_add_working_days(timezone.localdate(received_at), days),
            status="in_progress",
            outcome="nonconformity",
            nonconformity_id=nc.pk,
        )
        # The history model's manager is not available in a migration: write its first row.
        fields = {
            f.attname: getattr(feedback, f.attname)
            for f in Feedback._meta.concrete_fields
        }
        HistoricalFeedback.objects.create(
            **fields,
            history_date=timezone.now(),
            history_type="+",
            history_change_reason=f"Chuyển từ điểm không phù hợp {nc.code}",
            history_user_id=None,
        )


def backward(apps, schema_editor):
    # Put the code and contact back on the nonconformity (the columns are back by now).
    Nonconformity = apps.get_model("audits", "Nonconformity")
    Feedback = apps.get_model("feedback", "Feedback")
    for feedback in Feedback.objects.filter(nonconformity__isnull=False):
        nc = Nonconformity.objects.get(pk=feedback.nonconformity_id)
        nc.tracking_code, nc.contact = feedback.tracking_code, feedback.contact
        nc.save(update_fields=["tracking_code", "contact"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_append_only_history"),
        ("audits", "0005_append_only_history"),
    ]

    operations = [migrations.RunPython(forward, backward)]
