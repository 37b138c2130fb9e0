"""Every figure an app contributes to the annual report has a label in the province summary
(an unlabelled key would show as English words on a Vietnamese screen)."""

import pytest

from qms.lib.annual_report import collect
from reporting.summary import FIGURE_LABELS


@pytest.mark.django_db
def test_every_contributed_figure_has_a_summary_label(own_agency):
    keys = {key for section in collect(own_agency, 2026) for key in section.figures}
    assert {
        "procedures",
        "inspections",
        "documents_issued",
    } <= keys  # three apps at least
    assert keys - set(FIGURE_LABELS) == set()
