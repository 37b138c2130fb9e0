"""PostgreSQL keeps disposal minutes permanently: a raw DELETE is refused (M40, ISO 7.5.3.2)."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from documents.models import DisposalMinute
from qms.models import Agency


@pytest.mark.django_db
def test_a_disposal_minute_refuses_raw_delete(require_services):
    agency = Agency.objects.create(
        name="UBND phường Thử", kind="ubnd_phuong", valid_from=dt.date(2025, 7, 1)
    )
    minute = DisposalMinute.objects.create(
        agency=agency,
        number="01/BB-HHS",
        meeting_date=dt.date(2026, 1, 15),
        council="Hội đồng",
        method="Nghiền",
    )
    with (
        pytest.raises(IntegrityError, match="kept permanently"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "DELETE FROM documents_disposalminute WHERE id = %s", [minute.pk]
        )
    assert DisposalMinute.objects.filter(pk=minute.pk).exists()
