"""The jsonl format, tolerant of dangling constraint-free foreign keys (see the package)."""

from django.core.serializers import jsonl

from qms.serializers import DanglingForeignKeyMixin

Deserializer = jsonl.Deserializer


class Serializer(DanglingForeignKeyMixin, jsonl.Serializer):
    pass
