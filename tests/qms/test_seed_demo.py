"""The demo province: complete, idempotent, and usable for every role."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from qms.models import Agency, StaffProfile, Succession
from qms.roles import Role


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_leaves_identical_row_counts(seeded):
    before = _row_counts()
    call_command("seed_demo")
    assert _row_counts() == before


@pytest.mark.django_db
def test_seed_has_todays_hung_yen(seeded):
    names = set(Agency.objects.values_list("name", flat=True))
    for name in [
        "UBND tỉnh Hưng Yên",
        "Văn phòng UBND tỉnh Hưng Yên",
        "Sở Nội vụ tỉnh Hưng Yên",
        "Sở Tư pháp tỉnh Hưng Yên",
        "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        "Sở Xây dựng tỉnh Hưng Yên",
        "UBND phường Phố Hiến",
        "UBND phường Thái Bình",
        "UBND xã Tân Hưng",
    ]:
        assert name in names
    city = Agency.objects.get(name="UBND thành phố Hưng Yên")
    assert city.valid_to.isoformat() == "2025-06-30"
    successors = set(
        Succession.objects.filter(predecessor=city).values_list(
            "successor__name", flat=True
        )
    )
    assert "UBND phường Phố Hiến" in successors
    assert StaffProfile.objects.count() >= 35
    short_service = [
        p for p in StaffProfile.objects.all() if not p.meets_one_stop_service_criterion
    ]
    assert short_service


@pytest.mark.django_db
def test_demo_users_have_their_roles(seeded):
    User = get_user_model()
    expected = {
        "thuky": Role.QUALITY_OFFICER,
        "lanhdao": Role.HEAD,
        "phochutich": Role.HEAD,
        "danhgia": Role.AUDITOR,
        "congchuc": Role.STAFF,
        "giamsat": Role.SUPERVISOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("Demo@2026")
        assert user.groups.filter(name=role.value).exists()
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_quality_officer_gets_page_permissions_on_the_agency_subtree(seeded):
    from wagtail.models import Page
    from wagtail.permission_policies.pages import PagePermissionPolicy

    thuky = get_user_model().objects.get(username="thuky")
    policy = PagePermissionPolicy()
    editable = {
        p.title for p in policy.instances_user_has_permission_for(thuky, "change")
    }
    assert "UBND phường Phố Hiến" in editable
    assert "Trung tâm Phục vụ hành chính công phường Phố Hiến" in editable
    assert "Sở Tư pháp tỉnh Hưng Yên" not in editable
    assert Page.objects.filter(title="Sở Tư pháp tỉnh Hưng Yên").exists()


@pytest.mark.django_db
def test_portal_home_lists_the_demo_agencies(seeded, client):
    html = client.get("/").content.decode()
    assert "UBND phường Phố Hiến" in html
    assert (
        "Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính tỉnh Hưng Yên"
        in html
    )
    assert "UBND thành phố Hưng Yên" in html  # listed among the former agencies


@pytest.mark.django_db
@override_settings(QMS_DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_when_not_allowed():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo")


@pytest.mark.django_db
def test_every_demo_release_in_force_carries_its_signature_chain(seeded):
    """Issue 9: verify_signatures passes on the demo; reviewer and approver differ."""
    from documents.models import DocumentRelease

    call_command("verify_signatures")
    for release in DocumentRelease.objects.prefetch_related("signatures"):
        signers = {s.meaning: s.signer_id for s in release.signatures.all()}
        assert set(signers) == {"review", "approval"}, release
        assert signers["review"] != signers["approval"], release
        assert release.effective_date >= min(
            s.signed_at.date() for s in release.signatures.all()
        )
