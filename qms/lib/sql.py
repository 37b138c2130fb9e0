"""Helpers for the few reads written as SQL (the portal's hottest lists, issue 14 part 6).

A raw cursor skips the ORM's converters: SQLite hands a date column back as text.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from django.db import connection
from django.db.models import ForeignKey, Model
from django.utils.dateparse import parse_date

ModelT = TypeVar("ModelT", bound=Model)
T = TypeVar("T")
U = TypeVar("U")
Rows = list[tuple[Any, ...]]


@contextmanager
def written_cursor() -> Iterator[Any]:
    """A cursor for a statement written once, prepared by PostgreSQL after a few runs.

    Django's cursors bind parameters on the client, so PostgreSQL plans every statement
    anew; for the portal's busiest reads the planning cost more than running them (issue 14
    part 6). On PostgreSQL this cursor binds them on the server, and psycopg prepares a
    statement once the connection has run it ``prepare_threshold`` times (the database
    setting's option; None keeps them unprepared, for a pooler that cannot hold them). It
    is wrapped as Django wraps its own: logged, counted in tests, errors translated.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = psycopg.Cursor(connection.connection)
    # Django's own wrapper (private, stable since 1.x): the one connection.cursor() uses.
    with connection._prepare_cursor(raw) as cursor:  # type: ignore[attr-defined]
        yield cursor


@dataclass(frozen=True)
class Read(Generic[T]):
    """A statement written once that a page needs, and what it makes of its rows.

    Built without touching the database; ``read_together`` runs several at once.
    """

    sql: str
    params: Sequence[Any]
    build: Callable[[Rows], T]

    def then(self, after: Callable[[T], U]) -> Read[U]:
        """The same statement, its built value passed on to ``after``."""
        build = self.build
        return Read(self.sql, self.params, lambda rows: after(build(rows)))


def read_together(reads: Sequence[Read[Any] | None]) -> list[Any]:
    """What each read builds (None for None), its statements sent to the database together.

    A portal page needs a few small reads (its lists, its sections, its breadcrumb trail),
    each of them a round trip; under a crowd, with the workers and PostgreSQL sharing the
    cores, each round trip also costs the worker a wait and a wake-up (issue 14 part 6). On
    PostgreSQL psycopg's pipeline mode sends every statement before reading any answer: one
    round trip. Elsewhere they run one after the other. Each read builds its value once
    every statement has answered, so a build may query again (a rare fallback).
    """
    todo = [read for read in reads if read is not None]
    answers = iter(_fetch_together(todo))
    built = [read.build(rows) for read, rows in zip(todo, answers, strict=True)]
    found = iter(built)
    return [None if read is None else next(found) for read in reads]


def _fetch_together(reads: Sequence[Read[Any]]) -> list[Rows]:
    if len(reads) < 2 or not _pipelines():
        answers = []
        for read in reads:
            with written_cursor() as cursor:
                cursor.execute(read.sql, read.params)
                answers.append(list(cursor.fetchall()))
        return answers
    with ExitStack() as stack:
        cursors = [stack.enter_context(written_cursor()) for _ in reads]
        # The statements are sent as they are executed and answered at the block's end
        # (a Sync): errors surface there, translated as Django's own.
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, read in zip(cursors, reads, strict=True):
                cursor.execute(read.sql, read.params)
        return [list(cursor.fetchall()) for cursor in cursors]


@functools.cache
def _pipelines() -> bool:
    """Whether the database takes a pipeline: PostgreSQL through a libpq of version 14 or
    later (psycopg's binary wheel bundles one; a system libpq may be older)."""
    if connection.vendor != "postgresql":
        return False
    import psycopg

    return bool(psycopg.Pipeline.is_supported())


@overload
def as_date(value: dt.date | str) -> dt.date: ...
@overload
def as_date(value: None) -> None: ...
def as_date(value: dt.date | str | None) -> dt.date | None:
    """A date column's value from a raw cursor, whatever the database."""
    if value is None or isinstance(value, dt.date):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


@dataclass(frozen=True)
class _Select:
    """A page type's serving statement: its columns, and which model each slice builds."""

    sql: str
    # (model, attnames, relation path from the page: () for the page itself)
    slices: tuple[tuple[type[Model], tuple[str, ...], tuple[str, ...]], ...]
    # Per column, the converters the ORM would apply (UUIDs and aware datetimes on SQLite).
    converters: tuple[tuple[tuple[Any, Any], ...], ...]


@functools.cache
def _converters(
    model: type[Model], attnames: tuple[str, ...], vendor: str
) -> tuple[tuple[tuple[Any, Any], ...], ...]:
    """Per column, the converters the ORM applies to ``model``'s ``attnames`` as read."""
    order = [f.attname for f in model._meta.concrete_fields]
    # Model.from_db reads a partial row in the model's field order.
    if sorted(attnames, key=order.index) != list(attnames):
        raise ValueError(f"{model.__name__}: columns not in field order: {attnames}")
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    found = []
    for attname in attnames:
        field = by_attname[attname]
        column = field.get_col(model._meta.db_table)
        found.append(
            tuple(
                (convert, column)
                for convert in (
                    *connection.ops.get_db_converters(column),
                    *field.get_db_converters(connection),  # type: ignore[attr-defined]
                )
            )
        )
    return tuple(found)


def build(model: type[ModelT], attnames: tuple[str, ...], values: Any) -> ModelT:
    """An instance of ``model`` from a raw row's ``values`` for ``attnames``, as the ORM
    builds it (its converters applied: dates and aware datetimes on SQLite); the model's
    other fields are deferred."""
    row = list(values)
    for index, converters in enumerate(_converters(model, attnames, connection.vendor)):
        for convert, column in converters:
            row[index] = convert(row[index], column, connection)
    return model.from_db(connection.alias, list(attnames), row)


@functools.cache
def _select_for(model: type[Model], related: tuple[str, ...], vendor: str) -> _Select:
    """``model.objects.select_related(*related).get(pk=…)`` written out once per model.

    Supports what portal pages need: one level of multi-table inheritance (a Wagtail page
    type over ``wagtailcore_page``) and chains of foreign keys ("unit__agency").
    """
    q = connection.ops.quote_name  # a column may be a reserved word ("number", "order")
    meta = model._meta
    columns: list[str] = []
    joins = [f"{q(meta.db_table)} t0"]
    tables: dict[type[Model], str] = {model: "t0"}
    for parent, link in meta.parents.items():
        if link is None:
            raise TypeError(
                f"{model.__name__} inherits {parent.__name__} without a link"
            )
        alias = f"p{len(tables)}"
        tables[parent] = alias
        joins.append(
            f"JOIN {q(parent._meta.db_table)} {alias} "
            f"ON {alias}.{q(str(parent._meta.pk.column))} = t0.{q(str(link.column))}"
        )
    fields = meta.concrete_fields
    columns += [f"{tables[f.model]}.{q(str(f.column))}" for f in fields]
    slices: list[tuple[type[Model], tuple[str, ...], tuple[str, ...]]] = [
        (model, tuple(f.attname for f in fields), ())
    ]
    aliases: dict[tuple[str, ...], tuple[type[Model], str]] = {(): (model, "t0")}
    for path in related:
        steps = tuple(path.split("__"))
        for depth in range(1, len(steps) + 1):
            chain = steps[:depth]
            if chain in aliases:
                continue
            owner, owner_alias = aliases[chain[:-1]]
            field = owner._meta.get_field(chain[-1])
            if not isinstance(field, ForeignKey):
                raise TypeError(f"{owner.__name__}.{chain[-1]} is not a foreign key")
            target: type[Model] = field.related_model  # type: ignore[assignment]
            alias = f"r{len(aliases)}"
            aliases[chain] = (target, alias)
            joins.append(
                f"LEFT JOIN {q(target._meta.db_table)} {alias} "
                f"ON {alias}.{q(str(target._meta.pk.column))} = "
                f"{owner_alias}.{q(field.column)}"
            )
            target_fields = target._meta.concrete_fields
            columns += [f"{alias}.{q(str(f.column))}" for f in target_fields]
            slices.append((target, tuple(f.attname for f in target_fields), chain))
    sql = f"SELECT {', '.join(columns)} FROM {' '.join(joins)} WHERE t0.{q(str(meta.pk.column))} = %s"  # noqa: S608 - names from the models' own metadata
    converters = [
        converter
        for slice_model, attnames, _chain in slices
        for converter in _converters(slice_model, attnames, vendor)
    ]
    return _Select(sql=sql, slices=tuple(slices), converters=tuple(converters))


def fetch_with_related_read(
    model: type[ModelT], pk: int, related: tuple[str, ...]
) -> Read[ModelT | None]:
    """The row ``pk`` of ``model`` with its ``related`` foreign keys, in one statement.

    The same instances ``select_related(*related).get(pk=pk)`` gives, without composing and
    compiling the query on every request: for the portal's busiest pages that cost more
    than running it (issue 14 part 6).
    """
    select = _select_for(model, related, connection.vendor)
    return Read(select.sql, [pk], functools.partial(_built, select))


def fetch_with_related(
    model: type[ModelT], pk: int, related: tuple[str, ...]
) -> ModelT | None:
    """``fetch_with_related_read``, read alone."""
    [found] = read_together([fetch_with_related_read(model, pk, related)])
    return found


def _built(select: _Select, rows: Rows) -> Any:
    if not rows:
        return None
    row = list(rows[0])
    for index, converters in enumerate(select.converters):
        for convert, column in converters:
            row[index] = convert(row[index], column, connection)
    built: dict[tuple[str, ...], Model | None] = {}
    start = 0
    for slice_model, attnames, chain in select.slices:
        values = row[start : start + len(attnames)]
        start += len(attnames)
        pk_value = values[attnames.index(slice_model._meta.pk.attname)]
        obj = (
            slice_model.from_db(connection.alias, list(attnames), values)
            if pk_value is not None
            else None
        )
        built[chain] = obj
        if chain:
            owner = built[chain[:-1]]
            if owner is not None:
                owner._meta.get_field(chain[-1]).set_cached_value(owner, obj)  # type: ignore[union-attr]
    return built[()]
