"""`insert`: what `QuerySet.bulk_create` writes, for large loads, at a fraction of its cost.

`bulk_create` compiles every value of every object through the ORM's insert compiler (a
dozen calls a value); for the importer's and the demo's hundreds of thousands of rows that
was most of their time. `insert` works out once per model how each column's value is
prepared and then sends plain tuples: one `executemany` when the caller needs no ids, or
multi-row `INSERT … RETURNING` (the statements `bulk_create` sends) when it does.

It writes the same columns with the same values as `bulk_create`: each value goes through
its field's `pre_save` (automatic timestamps) and `get_db_prep_save`, except values that
method would return unchanged (a `str` for Django's own text fields, an `int` for its
integer and key fields, a `bool` for its boolean field, `None` for a nullable non-JSON
field), which are sent as they are. Like `bulk_create` it sends no signals, skips `save()`,
sets the primary keys it gets back on the instances, and marks them saved. It refuses
models whose manager overrides `bulk_create` (their writer does more than insert rows).
tests/core/test_bulk.py holds it to `bulk_create` field type by field type, and
tests/demo holds the whole demo to the rows `bulk_create` wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import connections, models, router, transaction
from django.db.models import Field
from django.db.models.query import QuerySet
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

#: Django's own field classes whose `get_db_prep_save` returns a value of these exact
#: types (and None) unchanged on every backend; any other class, subclasses included,
#: goes through the field's own method.
_TEXT = (
    models.CharField,
    models.TextField,
    models.EmailField,
    models.SlugField,
    models.URLField,
)
_INTEGER = (
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
)


def _passes(field: Field) -> Callable[[Any], bool]:
    """Whether a value of this field goes to the driver as it is."""
    kind = type(field)
    if isinstance(field, models.ForeignKey):
        if type(field.target_field) in _INTEGER:
            return lambda v: v is None or type(v) is int
        return lambda v: False
    if kind in _TEXT:
        # CharField.to_python returns a str (or a str enum member) as it is.
        return lambda v: v is None or isinstance(v, str)
    if kind in _INTEGER:
        return lambda v: v is None or type(v) is int
    if kind is models.BooleanField:
        return lambda v: v is None or type(v) is bool
    return lambda v: False


def _prepare(field: Field, connection: Any) -> Callable[[Any], Any]:
    """The field's `get_db_prep_save`, skipped for values it returns unchanged, and
    remembered per value for Django's own date and time fields (a pure function of the
    value there; a load repeats the same few thousand days)."""
    passes = _passes(field)
    prep = field.get_db_prep_save
    if type(field) in (models.DateField, models.DateTimeField):
        seen: dict[tuple[type, Any], Any] = {}

        def remembered(value: Any) -> Any:
            if value is None:
                return None
            key = (type(value), value)
            if key not in seen:
                seen[key] = prep(value, connection=connection)
            return seen[key]

        return remembered
    return lambda value: value if passes(value) else prep(value, connection=connection)


@dataclass
class _Column:
    field: Field
    attname: str
    #: DateField/DateTimeField.pre_save stamps automatic timestamps; Field.pre_save is a
    #: plain read of the attribute.
    custom_pre_save: bool
    prepare: Callable[[Any], Any]


def _columns(model: type[models.Model], with_pk: bool, connection: Any) -> list[_Column]:
    opts = model._meta
    return [
        _Column(f, f.attname, type(f).pre_save is not Field.pre_save, _prepare(f, connection))
        for f in opts.concrete_fields
        if not f.generated and (with_pk or f is not opts.pk)
    ]


def _check(model: type[models.Model]) -> None:
    queryset = type(model._default_manager.get_queryset())
    if queryset.bulk_create is not QuerySet.bulk_create:
        raise TypeError(f"{model.__name__}'s manager overrides bulk_create: use it instead.")
    if model._meta.parents:
        raise TypeError(f"{model.__name__} is a multi-table child: use bulk_create.")


def insert(
    model: type[M], objs: Iterable[M], *, returning: bool = False, batch_size: int | None = None
) -> list[M]:
    """Insert the (unsaved) instances as `model.objects.bulk_create(objs)` would. With
    `returning`, their primary keys are read back and set (as bulk_create does);
    instances with a primary key already set are inserted with it. Returns the list."""
    _check(model)
    objs = list(objs)
    if not objs:
        return objs
    using = router.db_for_write(model)
    connection = connections[using]
    pk = model._meta.pk
    with transaction.atomic(using=using, savepoint=False):
        # bulk_create's order: the instances with a primary key first, then the others.
        for has_pk in (True, False):
            group = [o for o in objs if (o.pk is not None) is has_pk]
            if not group:
                continue
            columns = _columns(model, has_pk, connection)
            rows = []
            for obj in group:
                obj._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]
                rows.append(
                    tuple(
                        c.prepare(
                            c.field.pre_save(obj, True)
                            if c.custom_pre_save
                            else getattr(obj, c.attname)
                        )
                        for c in columns
                    )
                )
            ids = _write(model, connection, columns, rows, returning and not has_pk, batch_size)
            for obj, value in zip(group, ids or [None] * len(group), strict=True):
                if ids:
                    setattr(obj, pk.attname, value)
                obj._state.adding = False
                obj._state.db = using
    return objs


def insert_values(
    model: type[models.Model],
    values: Sequence[dict[str, Any]],
    *,
    returning: bool = False,
    batch_size: int | None = None,
) -> list[Any]:
    """Insert rows given as {attname: value} (no primary key), as `bulk_create` would
    insert `model(**row)` for each: missing fields take their defaults, automatic
    timestamps are stamped now. Returns the new primary keys with `returning`, else []."""
    _check(model)
    if not values:
        return []
    using = router.db_for_write(model)
    connection = connections[using]
    columns = _columns(model, False, connection)
    for c in columns:
        if c.custom_pre_save and type(c.field) not in (models.DateField, models.DateTimeField):
            raise TypeError(f"{model.__name__}.{c.attname}: use insert() with instances.")
    rows = []
    for row in values:
        out = []
        for c in columns:
            field = c.field
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                # What DateField/DateTimeField.pre_save stamps on an insert.
                value = (
                    timezone.now() if isinstance(field, models.DateTimeField) else date.today()  # noqa: DTZ011 - as DateField.pre_save does
                )
            elif c.attname in row:
                value = row[c.attname]
            else:
                value = field.get_default()
            out.append(c.prepare(value))
        rows.append(tuple(out))
    with transaction.atomic(using=using, savepoint=False):
        return _write(model, connection, columns, rows, returning, batch_size) or []


def _write(
    model: type[models.Model],
    connection: Any,
    columns: list[_Column],
    rows: list[tuple[Any, ...]],
    need_ids: bool,
    batch_size: int | None,
) -> list[Any] | None:
    """Send the rows; with need_ids, in multi-row INSERT … RETURNING statements of the
    size bulk_create uses, returning the new primary keys in order."""
    ops = connection.ops
    opts = model._meta
    table = ops.quote_name(opts.db_table)
    names = ", ".join(ops.quote_name(c.field.column) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        if not need_ids:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", rows)  # noqa: S608 - names from the model
            return None
        if not connection.features.can_return_rows_from_bulk_insert:
            raise NotImplementedError("returning ids needs INSERT … RETURNING")
        size = max(1, ops.bulk_batch_size([c.field for c in columns], rows))
        if batch_size:
            size = min(size, batch_size)
        returning = f" RETURNING {table}.{ops.quote_name(opts.pk.column)}"
        ids: list[Any] = []
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(chunk))  # noqa: S608 - as above
            cursor.execute(sql + returning, [v for row in chunk for v in row])
            ids.extend(r[0] for r in cursor.fetchall())
        assert len(ids) == len(rows)
        return ids
