"""The heat map's counts, its accessible table, and the review inputs b, e, f."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from planning.heatmap import heat_map
from planning.models import Risk
from planning.services import action_complete, risk_save, scale_for
from qms.lib.review_inputs import collect
from tests.planning.conftest import new_action, new_risk


@pytest.fixture
def register(own_agency, other_agency, people):
    officer = people["officer"]
    made = [
        new_risk(
            own_agency,
            officer,
            title="Rủi ro Alpha",
            likelihood=4,
            impact=4,
            residual_likelihood=2,
            residual_impact=4,
        ),
        new_risk(own_agency, officer, title="Rủi ro Beta", likelihood=4, impact=4),
        new_risk(own_agency, officer, title="Rủi ro Gamma", likelihood=1, impact=2),
        new_risk(
            own_agency,
            officer,
            title="Cơ hội Delta",
            kind=Risk.Kind.OPPORTUNITY,
            likelihood=3,
            impact=3,
        ),
        new_risk(
            other_agency,
            people["outsider"],
            title="Rủi ro Xeta",
            likelihood=4,
            impact=4,
        ),
    ]
    closed = new_risk(own_agency, officer, title="Đã đóng", likelihood=1, impact=2)
    closed.status = Risk.Status.CLOSED
    risk_save(instance=closed, user=officer, reason="Không còn")
    return made


@pytest.mark.django_db
def test_heat_map_counts_open_records_per_cell(own_agency, register):
    grid = heat_map(Risk.objects.filter(agency=own_agency), scale_for(own_agency.pk))
    counts = grid.counts()
    assert counts[(4, 4)] == 2
    assert counts[(1, 2)] == 1  # the closed one is left out
    assert counts[(3, 3)] == 1
    assert grid.total == 4
    assert [c.likelihood for c in (row[0] for row in grid.rows)] == [5, 4, 3, 2, 1]
    assert grid.rows[1][3].band == "high" and grid.rows[4][0].band == "low"
    residual = heat_map(
        Risk.objects.filter(agency=own_agency), scale_for(own_agency.pk), residual=True
    )
    assert residual.counts()[(2, 4)] == 1 and residual.total == 1


@pytest.mark.django_db
def test_heat_map_screen_is_a_table_linking_to_the_filtered_register(
    client, own_agency, other_agency, people, register
):
    client.force_login(people["staff"])
    with translation.override("vi"):
        response = client.get(reverse("planning_heat:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<table class="heat-map">' in page and '<th scope="row">' in page
    link = re.search(r'<a href="([^"]+likelihood=4[^"]*impact=4[^"]*)">2</a>', page)
    assert link, "the (4, 4) cell shows 2 and links to the register"
    listing = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Rủi ro Alpha" in listing and "Rủi ro Beta" in listing
    assert "Rủi ro Gamma" not in listing and "Rủi ro Xeta" not in listing
    # A cell's list holds what the cell counts: the closed record at (1, 2) is left out.
    link = re.search(r'<a href="([^"]+likelihood=1[^"]*impact=2[^"]*)">1</a>', page)
    assert link, "the (1, 2) cell counts the open record only"
    listing = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Rủi ro Gamma" in listing and "Đã đóng" not in listing
    # Another agency's heat map is not the staff's to read.
    assert (
        client.get(
            reverse("planning_heat:index") + f"?agency={other_agency.pk}"
        ).status_code
        == 404
    )
    client.force_login(people["supervisor"])
    other = client.get(reverse("planning_heat:index") + f"?agency={other_agency.pk}")
    assert other.status_code == 200


@pytest.mark.django_db
def test_review_inputs_report_context_actions_heat_map_and_opportunities(
    own_agency, people, register
):
    officer, owner = people["officer"], people["staff"]
    done = new_action(register[0], officer, owner, days=1)
    action_complete(action=done, user=owner, evidence="Sổ giao nhận")
    new_action(register[1], officer, owner, days=2)
    from planning.models import ContextIssue
    from planning.services import context_issue_save

    context_issue_save(
        instance=ContextIssue(
            agency=own_agency, kind="external", description="Sáp nhập"
        ),
        user=officer,
    )
    today = timezone.localdate()
    with translation.override("vi"):
        inputs = [
            i
            for i in collect(
                own_agency, today - dt.timedelta(days=30), today + dt.timedelta(days=30)
            )
            if i.clause in ("b", "e", "f")
        ]
    by_clause = {}
    for item in inputs:
        by_clause.setdefault(item.clause, []).append(item)
    assert set(by_clause) == {"b", "e", "f"}
    b = by_clause["b"][0]
    assert b.data_range.startswith("Dữ liệu từ ")
    assert any("Sáp nhập" in row[1] for row in b.table[1:])
    actions, grid = by_clause["e"]
    assert "đến hạn trong kỳ: 2; đã hoàn thành: 1; quá hạn: 0" in actions.summary[0]
    assert actions.table[1] == ["Rủi ro Alpha", "16 (Cao)", "8 (Trung bình)"]
    row_4 = next(row for row in grid.table if row[0].startswith("4."))
    assert row_4[4] == "2"
    f = by_clause["f"][0]
    assert [row[0] for row in f.table[1:]] == ["Cơ hội Delta"]
