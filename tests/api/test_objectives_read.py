"""The objectives register read by a key (issue 17 part 3), fed by statistics pushed
through the API: push → measurement → objective's latest value and status."""

import pytest

from api.services import system_key_create
from tests.factories import UserFactory
from tests.performance.conftest import (  # noqa: F401 - the objective's fixtures
    approved,
    objective,
    on_time,
    people,
)


def _auth(secret):
    return {"HTTP_AUTHORIZATION": f"Api-Key {secret}"}


@pytest.mark.django_db
@pytest.mark.usefixtures("approved")
def test_a_pushed_month_measures_the_objective_read_back_with_its_status(
    client, other_agency, own_agency
):
    admin = UserFactory(username="quantri-mt", is_superuser=True)
    _key, secret = system_key_create(
        name="Một cửa",
        agency=other_agency,
        scopes=["statistics", "registers"],
        user=admin,
    )
    url = "/api/v1/registers/objectives/"
    before = client.get(url, {"year": 2026}, **_auth(secret)).json()["results"]
    assert [(o["indicator"], o["latest_value"], o["status"]) for o in before] == [
        ("mot-cua-dung-han", None, None)
    ]
    row = {
        "national_code": "1.001234",
        "procedure_name": "Đăng ký thường trú",
        "period": "09/2026",
        "received": 10,
        "resolved_early": 2,
        "resolved_on_time": 7,
        "resolved_late": 1,
        "pending": 0,
        "returned": 0,
        "apology_letters": 1,
    }
    pushed = client.post(
        "/api/v1/statistics/",
        {"rows": [row]},
        content_type="application/json",
        **_auth(secret),
    )
    assert pushed.status_code == 200, pushed.content
    after = client.get(url, {"year": 2026}, **_auth(secret)).json()["results"]
    assert len(after) == 1
    assert after[0]["latest_value"] == "90.00"  # 9 of 10 resolved early or on time
    assert after[0]["latest_period_start"] == "2026-09-01"
    assert after[0]["status"] == "missed"  # target 98 %
    assert after[0]["direction"] == "higher"
    # Another agency's objectives are refused; a bad year is a problem document.
    refused = client.get(url, {"agency": own_agency.pk}, **_auth(secret))
    assert refused.status_code == 403
    bad = client.get(url, {"year": "năm ngoái"}, **_auth(secret))
    assert bad.status_code == 400 and "year" in bad.json()["errors"]
