"""The public API v1 (issue 17 parts 1, 2, 4): documents in force, never a draft."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from documents.models import DocumentRelease
from documents.services.drafting import document_draft
from tests.documents.conftest import CANARY, approve, birth_procedure


@pytest.mark.django_db
def test_schema_is_valid_openapi_3(client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/documents/" in schema["paths"]
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "API Một Cửa QMS"


@pytest.mark.django_db
def test_swagger_and_redoc_load_only_local_assets(client):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(url).content.decode()
        assert "https://" not in html.replace("https://github.com", ""), url
    assert (
        "/static/drf_spectacular_sidecar/"
        in client.get("/api/v1/docs/").content.decode()
    )
    # ReDoc's bundle comes through api.docs_assets, without its CDN logo.
    assert "/api/v1/redoc-assets/bundles/redoc.standalone.js" in (
        client.get("/api/v1/redoc/").content.decode()
    )
    bundle = client.get("/api/v1/redoc-assets/bundles/redoc.standalone.js")
    assert bundle.status_code == 200
    assert bundle["Content-Type"].startswith("text/javascript")
    assert b"cdn.redoc.ly" not in bundle.content and len(bundle.content) > 500_000


@pytest.mark.django_db
def test_documents_of_an_agency_are_in_force_only(client, tree, draft):
    approve(draft, tree)
    document_draft(
        parent=tree["index"],
        page=birth_procedure(title="Dự thảo mới", slug="qt-moi", code="QT-MOI"),
        user=tree["officer"],
    )
    response = client.get("/api/v1/documents/", {"agency": tree["agency"].pk})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    release = DocumentRelease.objects.get(page=draft)
    assert row["code"] == "QT-HT-01" and row["release"] == 1
    assert row["type"] == "procedure"
    assert row["agency"] == tree["agency"].pk
    assert row["verify_url"].endswith(f"/verify/{release.verify_token}/")
    assert row["url"].endswith("/pho-hien/tai-lieu-iso/qt-ht-01/")
    raw = response.content.decode()
    assert "QT-MOI" not in raw and CANARY not in raw  # drafts never, body never
    other = client.get("/api/v1/documents/", {"agency": tree["outsider"].pk})
    assert other.status_code == 400  # a user id is no agency


@pytest.mark.django_db
def test_etag_gives_304_when_nothing_changed(client, tree, draft):
    approve(draft, tree)
    first = client.get("/api/v1/documents/")
    etag = first["ETag"]
    assert etag
    again = client.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get("/api/v1/documents/", HTTP_IF_NONE_MATCH='"x"').status_code == 200


@pytest.mark.django_db
def test_errors_are_problem_details_in_vietnamese(client, tree):
    response = client.get("/api/v1/documents/", {"agency": "khong-co"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Yêu cầu không hợp lệ"
    assert body["errors"]["agency"] == ["Không có cơ quan này."]
    missing = client.get("/api/v1/khong-co/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "API không có địa chỉ này."
    unknown = client.get(reverse("api:verify", args=["khong-co"]))
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Không có lần ban hành nào mang mã xác thực này."


@pytest.mark.django_db
def test_verify_names_the_release_in_force(client, tree, draft):
    approve(draft, tree)
    first = DocumentRelease.objects.get(page=draft)
    revision = draft.get_latest_revision_as_object()
    revision.amendment_summary = "Rút ngắn thời hạn"
    revision.save_revision(user=tree["officer"])
    approve(draft, tree)
    second = DocumentRelease.objects.get(page=draft, number=2)
    body = client.get(f"/api/v1/verify/{first.verify_token}/").json()
    assert body["status"] == "superseded"
    assert body["in_force_verify_url"].endswith(f"/verify/{second.verify_token}/")
    assert client.get(f"/api/v1/verify/{second.verify_token}/").json()["status"] == (
        "in_force"
    )


@pytest.mark.django_db
def test_agencies_are_effective_dated(client, tree):
    body = client.get("/api/v1/agencies/", {"on": "2026-01-01"}).json()
    names = [a["name"] for a in body["results"]]
    assert "UBND phường Phố Hiến" in names
    bad = client.get("/api/v1/agencies/", {"on": "01/01/2026"})
    assert bad.status_code == 400
    units = client.get("/api/v1/units/", {"agency": tree["agency"].pk}).json()
    assert [u["agency"] for u in units["results"]] == [tree["agency"].pk]


@pytest.mark.django_db
def test_document_list_queries_are_constant(client, tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = []
    for i in range(3):
        page = document_draft(
            parent=tree["index"],
            page=birth_procedure(title=f"Quy trình {i}", slug=f"q{i}", code=f"Q-{i}"),
            user=tree["officer"],
        )
        pages.append(approve(page, tree))
    client.get("/api/v1/documents/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/documents/")
    for i in range(3, 6):
        page = document_draft(
            parent=tree["index"],
            page=birth_procedure(title=f"Quy trình {i}", slug=f"q{i}", code=f"Q-{i}"),
            user=tree["officer"],
        )
        approve(page, tree)
    with django_assert_num_queries(len(few)):
        assert client.get("/api/v1/documents/").json()["count"] == 6


@pytest.mark.django_db
def test_documents_are_ordered_by_a_documented_field_or_refused(client, tree):
    for i in (2, 0, 1):
        page = document_draft(
            parent=tree["index"],
            page=birth_procedure(title=f"Quy trình {i}", slug=f"o{i}", code=f"O-{i}"),
            user=tree["officer"],
        )
        approve(page, tree)
    codes = [d["code"] for d in client.get("/api/v1/documents/").json()["results"]]
    assert codes == sorted(codes)
    backwards = client.get("/api/v1/documents/", {"ordering": "-code"}).json()
    assert [d["code"] for d in backwards["results"]] == sorted(codes, reverse=True)
    refused = client.get("/api/v1/documents/", {"ordering": "page__owner__password"})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert "ordering" in refused.json()["errors"]
