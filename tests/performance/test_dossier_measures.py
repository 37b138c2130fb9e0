"""Objectives measured by the dossier statistics import (issue 15 part 2: "It fills the
matching measurements")."""

from decimal import Decimal

import pytest

from dossiers.sample_file import csv_bytes
from dossiers.services import dossier_import_confirm, dossier_import_upload
from performance.models import Measurement
from performance.services import objective_approve
from tests.dossiers.conftest import GOOD
from tests.performance.conftest import FEB, JAN, PASSWORD, draft


def _import(agency, user, capture):
    batch = dossier_import_upload(
        agency=agency, data=csv_bytes(GOOD), filename="tk.csv", user=user
    )
    with capture(execute=True):
        dossier_import_confirm(batch=batch, user=user)


@pytest.mark.django_db
def test_an_import_measures_the_objectives_on_dossier_indicators(
    other_agency, on_time, late_count, people, django_capture_on_commit_callbacks
):
    monthly = objective_approve(
        objective=draft(other_agency, on_time, people["officer"]),
        user=people["head"],
        password=PASSWORD,
    )
    quarterly = objective_approve(
        objective=draft(
            other_agency, late_count, people["officer"], frequency="quarter"
        ),
        user=people["head"],
        password=PASSWORD,
    )
    _import(other_agency, people["officer"], django_capture_on_commit_callbacks)

    measured = {
        (m.period_start, m.period_end): m
        for m in Measurement.objects.filter(objective=monthly)
    }
    # January: (20 + 28 + 40 + 60) early or on time of 149 resolved; February: 38 of 40.
    assert measured[JAN].value == Decimal("99.3")
    assert measured[FEB].value == Decimal("95.0")
    assert {m.source for m in measured.values()} == {Measurement.Source.IMPORTED}
    # A quarter is measured only once the register covers its three months.
    assert not Measurement.objects.filter(objective=quarterly).exists()

    history = Measurement.history.filter(objective_id=monthly.pk).count()
    _import(other_agency, people["officer"], django_capture_on_commit_callbacks)
    assert Measurement.objects.filter(objective=monthly).count() == 2
    assert Measurement.history.filter(objective_id=monthly.pk).count() == history
