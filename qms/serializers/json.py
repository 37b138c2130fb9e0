"""The json format, tolerant of dangling constraint-free foreign keys (see the package)."""

from django.core.serializers import json

from qms.serializers import DanglingForeignKeyMixin

Deserializer = json.Deserializer


class Serializer(DanglingForeignKeyMixin, json.Serializer):
    pass
