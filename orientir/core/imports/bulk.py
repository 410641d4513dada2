"""Inserting many new rows the fastest way the database has, with their ids known after, for imports.

Django's `bulk_create` spends most of an import's time compiling its INSERT statements: a placeholder and a
prepared value per field per row, through the SQL compiler (measured on 60,000 rows of pupils, consents and
representatives: 57% of the whole import). An import writes rows it has already checked, so it can skip that:

- PostgreSQL: the ids are taken from the table's sequence in one query (`nextval` over `generate_series`), then
  the rows go in by `COPY … FROM STDIN` (psycopg 3), the bulk path of the server;
- SQLite: one `executemany` of a plain INSERT per batch; inside the import's transaction nobody else writes, so
  the new rowids are the contiguous run that ends at `last_insert_rowid()`.

The values are what `Model.save` would write: auto_now and auto_now_add columns get the import's moment (one for
every row), dates and times the field's conversion for the database (SQLite stores them as text); plain text,
number, boolean and key columns are passed as they are — so the instances must hold clean values (an import's
checked rows do), and a field with its own `pre_save` beyond auto_now must not be inserted this way. Signals are not sent (as with `bulk_create`); the caller keeps its audit entry.
"""

from django.db import connections, models, router, transaction
from django.utils import timezone

BATCH = 5_000
# Columns whose Python value the driver takes as it is: no per-value conversion call.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.SmallIntegerField, models.BigIntegerField, models.PositiveIntegerField,
          models.PositiveSmallIntegerField)


def insert(objects: list[models.Model]) -> None:
    """Insert new instances of one model and set their primary keys. Must run inside a transaction."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk.insert runs inside the import's transaction")
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    now = timezone.now()
    convert = [_converter(f, connection, now) for f in fields]
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, connection, objects, meta, pk, fields, convert, table)
        else:
            _executemany(cursor, connection, objects, pk, fields, convert, table)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def maker(model):
    """`make(**values)` → a new, unsaved instance of `model` with its defaults, built without `Model.__init__`:
    for a hundred thousand checked rows its per-field descriptor calls cost more than the insert itself. Values are
    given by attribute name (`organisation_id=…`, not `organisation=…`) and must be clean."""
    from django.db.models.base import ModelState

    fields = model._meta.concrete_fields
    constant = {f.attname: f.get_default() for f in fields if not (f.has_default() and callable(f.default))}
    computed = [f for f in fields if f.has_default() and callable(f.default)]
    known = {f.attname for f in fields}

    def make(**values):
        unknown = set(values) - known
        if unknown:
            raise TypeError(f"{model.__name__} has no fields {sorted(unknown)}")
        obj = model.__new__(model)
        obj.__dict__.update(constant)
        for field in computed:
            if field.attname not in values:
                obj.__dict__[field.attname] = field.get_default()
        obj.__dict__.update(values)
        obj._state = ModelState()
        return obj

    return make


def _converter(field, connection, now):
    """How a column's value is made: None — as the instance holds it; a callable — converted from it; a tuple —
    one value for every row (auto_now / auto_now_add: the import's moment, converted once)."""
    if isinstance(field, models.DateTimeField):
        if field.auto_now or field.auto_now_add:
            return (now, field.get_db_prep_save(now, connection))
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateField):  # a date the import has already parsed: only the driver's form
        return connection.ops.adapt_datefield_value
    if isinstance(field, _PLAIN) and not isinstance(field, models.AutoField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _row(obj, fields, convert) -> list:
    values = []
    for field, conv in zip(fields, convert, strict=True):
        if type(conv) is tuple:
            setattr(obj, field.attname, conv[0])
            values.append(conv[1])
            continue
        value = getattr(obj, field.attname)
        values.append(value if conv is None or value is None else conv(value))
    return values


def _copy(cursor, connection, objects, meta, pk, fields, convert, table) -> None:
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                   [meta.db_table, pk.column, len(objects)])
    for obj, (new_id,) in zip(objects, cursor.fetchall(), strict=True):
        setattr(obj, pk.attname, new_id)
    columns = ", ".join(connection.ops.quote_name(c) for c in [pk.column, *(f.column for f in fields)])
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([getattr(obj, pk.attname), *_row(obj, fields, convert)])


def _executemany(cursor, connection, objects, pk, fields, convert, table) -> None:
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    for start in range(0, len(objects), BATCH):
        batch = objects[start:start + BATCH]
        cursor.executemany(sql, [_row(obj, fields, convert) for obj in batch])
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
        for offset, obj in enumerate(batch):
            setattr(obj, pk.attname, last - len(batch) + 1 + offset)
