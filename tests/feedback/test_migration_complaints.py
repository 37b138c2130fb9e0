"""feedback 0003: complaints stored as nonconformities become feedback rows (issue 14).

Runs the real migrations backwards and forwards with the migration executor.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("audits", "0005_append_only_history"),
    ("feedback", "0002_append_only_history"),
]
AFTER = [("audits", "0006_complaints_moved_to_feedback")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_stored_complaint_becomes_feedback_linked_to_its_nonconformity(
    other_unit, settings
):
    """GIVEN a complaint stored as a nonconformity with a tracking code and a contact
    WHEN the migrations run THEN a feedback row keeps the code, the contact and the text,
    waits for an answer with a due date, and links the nonconformity; the other
    nonconformities are left alone."""
    settings.QMS_FEEDBACK_RESPONSE_DAYS = 10
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        NC = old.get_model("audits", "Nonconformity")
        common = {
            "source": "citizen_complaint",
            "agency_id": other_unit.agency_id,
            "title": "Phản ánh của người dân",
            "detected_on": dt.date(2026, 11, 27),  # a Friday
            "status": "closed",
        }
        complaint = NC.objects.create(
            code="SKPH-2026-0001",
            year=2026,
            sequence=1,
            unit_id=other_unit.pk,
            description="Cán bộ hẹn trả kết quả nhưng trễ hai ngày.",
            tracking_code="PA-ABCDEFGH",
            contact="0912 345 678",
            **common,
        )
        NC.objects.create(
            code="SKPH-2026-0002",
            year=2026,
            sequence=2,
            description="Không phải phản ánh.",
            **{**common, "source": "self_detected"},
        )
        new = _migrate(AFTER)
        Feedback = new.get_model("feedback", "Feedback")
        feedback = Feedback.objects.get()
        assert feedback.tracking_code == "PA-ABCDEFGH"
        assert feedback.contact == "0912 345 678"
        assert feedback.description == "Cán bộ hẹn trả kết quả nhưng trễ hai ngày."
        assert (feedback.unit_id, feedback.agency_id) == (
            other_unit.pk,
            other_unit.agency_id,
        )
        assert feedback.nonconformity_id == complaint.pk
        assert (feedback.status, feedback.outcome) == ("in_progress", "nonconformity")
        # Received the Friday it was registered: due ten working days later.
        assert feedback.due_on == dt.date(2026, 12, 11)
        history = new.get_model("feedback", "HistoricalFeedback").objects.get()
        assert "SKPH-2026-0001" in history.history_change_reason
        fields = {f.name for f in new.get_model("audits", "Nonconformity")._meta.fields}
        assert "tracking_code" not in fields and "contact" not in fields
    finally:
        _migrate(leaves)
