"""Audits in use (issue 13 part 6): the auditor words the finding, evidence carries over,
people appear by name, the fieldwork is finished after the checklist, programmes edit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audits.models import AuditItem, Nonconformity
from audits.services.attachments import audit_item_attach
from audits.services.audits import audit_item_record
from audits.services.nonconformities import (
    nonconformity_raise_from_item,
    sampled_dossier_list,
)
from tests.audits.conftest import finding


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("bien-nhan.png", buffer.getvalue(), "image/png")


def test_sampled_dossiers_are_split_by_line_not_by_word():
    text = "Hồ sơ 000.00.12.H33-260301-0001\n\nHồ sơ 000.00.12.H33-260301-0002; HS-3"
    assert sampled_dossier_list(text) == [
        "Hồ sơ 000.00.12.H33-260301-0001",
        "Hồ sơ 000.00.12.H33-260301-0002",
        "HS-3",
    ]


@pytest.mark.django_db
def test_the_finding_statement_is_the_auditors_not_the_question(started, people):
    item = audit_item_record(
        item=started.items.order_by("sort_order").first(),
        user=people["lead"],
        result=AuditItem.Result.MINOR,
        evidence="Bảng niêm yết còn phí cũ.",
        sampled_dossiers="Hồ sơ 000.00.12.H33-260301-0001\nHồ sơ 000.00.12.H33-260301-0002",
    )
    nc = nonconformity_raise_from_item(
        item=item,
        user=people["lead"],
        statement="Niêm yết TTHC tại Bộ phận Một cửa chưa cập nhật mức phí mới.\nChi tiết…",
    )
    assert nc.title == "Niêm yết TTHC tại Bộ phận Một cửa chưa cập nhật mức phí mới."
    assert item.question not in nc.title
    assert nc.description.startswith("Niêm yết TTHC")
    # The question becomes the requirement; each dossier stays whole on its own line.
    assert item.question in nc.evidence
    assert "- Hồ sơ 000.00.12.H33-260301-0001\n" in nc.evidence
    assert "Hồ, sơ" not in nc.evidence


@pytest.mark.django_db
def test_a_blank_statement_takes_the_evidence_and_never_the_question(started, people):
    item = finding(started)
    item.evidence = ""  # as an item recorded before evidence was required
    with pytest.raises(ValidationError) as exc:
        nonconformity_raise_from_item(item=item, user=people["lead"], statement=" \xa0")
    assert "statement" in exc.value.message_dict
    assert not Nonconformity.objects.exists()
    item.refresh_from_db()
    nc = nonconformity_raise_from_item(item=item, user=people["lead"], statement="")
    assert nc.title == "Hồ sơ 000.00.12.H33-260301-0001 trễ hạn 2 ngày."


@pytest.mark.django_db
def test_workspace_prefills_the_statement_and_raises_with_the_edited_one(
    client, started, people
):
    item = finding(started)
    client.force_login(people["lead"])
    html = client.get(reverse("audits_workspace", args=[started.pk])).content.decode()
    assert 'name="statement"' in html
    assert ">Hồ sơ 000.00.12.H33-260301-0001 trễ hạn 2 ngày.</textarea>" in html
    client.post(
        reverse("audits_item_raise", args=[item.pk]),
        {"statement": "Hồ sơ trả kết quả trễ hạn, không có phiếu xin lỗi."},
    )
    nc = Nonconformity.objects.get(audit_item=item)
    assert nc.title == "Hồ sơ trả kết quả trễ hạn, không có phiếu xin lỗi."


@pytest.mark.django_db
def test_evidence_files_carry_over_and_people_show_by_full_name(
    client, started, people
):
    item = finding(started)
    attachment = audit_item_attach(item=item, user=people["lead"], upload=_photo())
    nc = nonconformity_raise_from_item(
        item=item, user=people["lead"], owner=people["staff"]
    )
    client.force_login(people["staff"])  # the owner, not on the audit team
    html = client.get(reverse("audits_nc_workflow", args=[nc.pk])).content.decode()
    url = reverse("audits_attachment_download", args=[attachment.pk])
    assert url in html
    lead_name = people["lead"].staff_profile.full_name
    assert lead_name in html  # history "Who" column
    assert f"<td>{people['lead'].username}</td>" not in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_evidence_files_are_not_served_out_of_scope(client, started, people):
    item = finding(started)
    attachment = audit_item_attach(item=item, user=people["lead"], upload=_photo())
    client.force_login(people["outsider_officer"])
    url = reverse("audits_attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_finish_comes_after_the_checklist_with_the_unrecorded_count(
    client, started, people
):
    finding(started)
    client.force_login(people["lead"])
    url = reverse("audits_workspace", args=[started.pk])
    html = client.get(url).content.decode()
    assert "Còn 2 câu hỏi trong danh mục kiểm tra chưa có kết quả" in html
    assert reverse("audits_finish", args=[started.pk]) not in html
    for item in started.items.filter(result=""):
        audit_item_record(
            item=item,
            user=people["lead"],
            result=AuditItem.Result.CONFORMING,
            evidence="",
            sampled_dossiers="",
        )
    html = client.get(url).content.decode()
    finish_at = html.index(reverse("audits_finish", args=[started.pk]))
    last_item = started.items.order_by("sort_order").last()
    assert html.index(f'id="item-{last_item.pk}"') < finish_at


@pytest.mark.django_db
def test_a_new_programme_can_be_edited(client, people, programme, other_agency):
    client.force_login(people["officer"])
    url = reverse("auditprogramme:edit", args=[programme.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "year": 2026,
            "agency": other_agency.pk,
            "title": "Chương trình đánh giá nội bộ 2026",
            "agencies_in_scope": [other_agency.pk],
            "change_reason": "Sửa tên",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.title == "Chương trình đánh giá nội bộ 2026"
    assert list(programme.agencies_in_scope.all()) == [other_agency]


@pytest.mark.django_db
def test_the_refusal_to_finish_counts_in_correct_english(started, people):
    from django.utils import translation

    from audits.services.audits import audit_finish_fieldwork
    from qms.exceptions import TransitionError

    items = list(started.items.order_by("sort_order"))
    for item in items[:-1]:
        audit_item_record(
            item=item,
            user=people["lead"],
            result=AuditItem.Result.CONFORMING,
            evidence="",
            sampled_dossiers="",
        )
    with translation.override("en"), pytest.raises(TransitionError) as exc:
        audit_finish_fieldwork(audit=started, user=people["lead"], conclusion="Đạt")
    assert "1 checklist item has no result yet. Record it first." in str(exc.value)


@pytest.mark.django_db
def test_registers_show_people_by_full_name(client, people, nc, audit):
    import datetime as dt

    from audits.models import CorrectiveAction

    CorrectiveAction.objects.create(
        nonconformity=nc,
        description="Cập nhật bảng niêm yết",
        owner=people["staff"],
        due_date=dt.date(2026, 12, 1),
    )
    client.force_login(people["officer"])
    actions = client.get(reverse("correctiveaction:index")).content.decode()
    assert people["staff"].staff_profile.full_name in actions
    assert f">{people['staff'].username}<" not in actions.replace(" ", "").replace(
        "\n", ""
    )
    audits = client.get(reverse("audit:index")).content.decode()
    assert people["lead"].staff_profile.full_name in audits
