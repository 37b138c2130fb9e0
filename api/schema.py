"""How the OpenAPI document is built: our /api/v1/ only, and the errors it may answer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PREFIX = "/api/v1/"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; `detail` is in Vietnamese.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "title", "status", "detail"],
}
KEY_ERRORS = {
    "401": "Thiếu khóa, hoặc khóa không tồn tại, đã bị thu hồi.",
    "403": "Khóa không có phạm vi quyền này, hoặc hồ sơ thuộc cơ quan khác.",
}
ERRORS = {
    "400": "Tham số không hợp lệ.",
    "404": "Không tìm thấy.",
    "429": "Quá nhiều yêu cầu từ địa chỉ này.",
}


def only_api_v1(endpoints: list[Any], **_kwargs: Any) -> list[Any]:
    """Wagtail's admin API is also built on DRF: keep it out of the public document."""
    return [e for e in endpoints if e[0].startswith(PREFIX)]


def add_problem_responses(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Every operation may answer a problem document (400, 404, 429) and 304 to a match."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS)
            if operation.get("security"):
                errors.update(KEY_ERRORS)
            for status, description in errors.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": reference}},
                    },
                )
            responses.setdefault(
                "304", {"description": "Không thay đổi (If-None-Match khớp ETag)."}
            )
    return result


class SystemKeyScheme(OpenApiAuthenticationExtension):
    """``Authorization: Api-Key <key>`` (api.auth.SystemKeyAuthentication)."""

    target_class = "api.auth.SystemKeyAuthentication"
    name = "SystemKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Api-Key <khóa do quản trị viên cấp tỉnh cấp>",
        }
