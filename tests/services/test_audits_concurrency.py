"""RL-08 on PostgreSQL: two people moving the same nonconformity at once make one transition."""

import threading

import pytest
from django.db import close_old_connections, connection

from audits.models import Nonconformity
from audits.services.nonconformities import nonconformity_analyse
from qms.roles import Role
from tests.factories import AgencyFactory, staff_user


def _race(target, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = []

    def run(args):
        try:
            barrier.wait()
            target(*args)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - we count the refusals
            outcomes.append(type(exc).__name__)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_analyses_make_one_transition(require_services):
    """GIVEN a new NC WHEN its officer and its head analyse it at the same instant
    THEN exactly one transition and one history row are written; the other is refused."""
    from audits.services.nonconformities import nonconformity_create

    assert connection.vendor == "postgresql"
    agency = AgencyFactory()
    officer = staff_user(Role.QUALITY_OFFICER, agency, username="rl08-officer")
    head = staff_user(Role.HEAD, agency, username="rl08-head")
    nc = nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.SELF_DETECTED,
            agency=agency,
            title="Hồ sơ trễ hạn",
            description="Trễ hạn 3 ngày",
        ),
        user=officer,
    )

    def analyse(user, cause):
        stale = Nonconformity.objects.get(pk=nc.pk)
        nonconformity_analyse(
            nc=stale, user=user, correction="", whys=["Vì sao?"], root_cause=cause
        )

    outcomes = _race(analyse, [(officer, "Nguyên nhân A"), (head, "Nguyên nhân B")])
    assert sorted(outcomes) == ["TransitionError", "ok"]
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ANALYSED
    assert nc.history.filter(status=Nonconformity.Status.ANALYSED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_creations_get_distinct_codes(require_services):
    from audits.services.nonconformities import nonconformity_create

    agency = AgencyFactory()
    officer = staff_user(Role.QUALITY_OFFICER, agency, username="rl08-codes")

    def create(n):
        nonconformity_create(
            nc=Nonconformity(
                source=Nonconformity.Source.SELF_DETECTED,
                agency=agency,
                title=f"Phiếu {n}",
                description="x",
            ),
            user=officer,
        )

    outcomes = _race(create, [(n,) for n in range(4)])
    assert outcomes == ["ok"] * 4
    codes = sorted(Nonconformity.objects.values_list("code", flat=True))
    assert len(set(codes)) == 4
    assert codes[-1].endswith("-0004")
