"""Inserting many new rows the fastest way the database has, with their ids known after, for imports.

Django's `bulk_create` spends most of an import's time compiling its INSERT statements: a placeholder and a
prepared value per field per row, through the SQL compiler (measured on 60,000 rows of pupils, consents and
representatives: 57% of the whole import). An import writes rows it has already checked, so it can skip that:

- PostgreSQL: the ids are taken from the table's sequence in one query (`nextval` over `generate_series`), then
  the rows go in by `COPY … FROM STDIN` (psycopg 3), the bulk path of the server;
- SQLite: one `executemany` of a plain INSERT per batch; inside the import's transaction nobody else writes, so
  the new rowids are the contiguous run that ends at `last_insert_rowid()`.

Two ways in. `Writer(model, columns)` takes plain tuples — the given columns, in that order — and fills every other
column once, before the first row: its default, or the writer's moment for auto_now / auto_now_add; it returns the
new ids. No model instance is built: for a hundred thousand rows building and reading instances cost as much as the
insert (decision 67). `insert(objects)` takes instances (`maker` builds them cheaply) and sets their ids.

The values are what `Model.save` would write: auto_now and auto_now_add columns get the import's moment (one for
every row), dates go to the driver as they are (psycopg takes them, and Django registers the date adapter of
SQLite, which stores the same text as `save`), datetimes and every other kind of field get the field's conversion
for the database; plain text, number, boolean and key columns are passed as they are — so the values must be clean
(an import's checked rows are), and a field with its own `pre_save` beyond auto_now must not be inserted this way.
Signals are not sent (as with `bulk_create`); the caller keeps its audit entry.

`Background(write)` runs an import's writes in one thread beside its reading (PostgreSQL; on SQLite, where the database
runs in the process, it writes in the caller's thread): while the server stores a batch — COPY, indexes, the foreign
keys checked by `check_keys` — the import parses the next. It takes batches through a bounded queue, so memory stays
a few batches; a failure of a write is raised in the caller at its next batch or at the end, and the caller's
transaction then rolls back everything (decision 68).
"""

import operator
import queue
import threading
from collections.abc import Callable, Sequence

from django.db import connections, models, router, transaction
from django.utils import timezone

BATCH = 5_000
# Columns whose Python value the driver takes as it is: no per-value conversion call.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.SmallIntegerField, models.BigIntegerField, models.PositiveIntegerField,
          models.PositiveSmallIntegerField)


class Writer:
    """New rows of one model from tuples of `columns` (attribute names: `pupil_id`, not `pupil`)."""

    def __init__(self, model, columns: Sequence[str], *, now=None):
        meta = model._meta
        self.model, self.pk = model, meta.pk
        fields = {f.attname: f for f in meta.concrete_fields if f is not meta.pk}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise TypeError(f"{model.__name__} has no columns {unknown} to insert")
        self.given = [fields[c] for c in columns]
        self.now = now or timezone.now()
        self.rest, rest_values = [], []
        for field in fields.values():
            if field.attname in columns:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = self.now
            elif field.has_default() and callable(field.default):
                raise TypeError(f"{model.__name__}.{field.name} has a default computed per row: give its column")
            else:
                value = field.get_default()
            self.rest.append(field)
            rest_values.append(value)
        self.connection = connections[router.db_for_write(model)]
        # every other column's one value, as the driver takes it
        self.tail = tuple(v if v is None or _as_is(f) else f.get_db_prep_save(v, self.connection)
                          for f, v in zip(self.rest, rest_values, strict=True))
        # the given columns that need the field's conversion (a datetime, a JSON, a decimal …), by position
        self._convert = [(i, f) for i, f in enumerate(self.given) if not _as_is(f)]

    def insert(self, rows: Sequence[tuple]) -> list[int]:
        """Insert the rows (each a tuple of the writer's columns, in order); the new ids, in the rows' order. Must run
        inside the import's transaction."""
        if not rows:
            return []
        connection = self.connection
        if not connection.in_atomic_block:
            raise transaction.TransactionManagementError("bulk.insert runs inside the import's transaction")
        if self._convert:
            rows = [self._converted(row) for row in rows]
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = [f.column for f in self.given + self.rest]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with connection.wrap_database_errors:  # COPY goes by psycopg's own cursor: Django's errors, as ever
                    return _copy(cursor, connection, self.model._meta.db_table, self.pk.column, table, columns, rows,
                                 self.tail)
            return _executemany(cursor, connection, table, columns, rows, self.tail)

    def _converted(self, row: tuple) -> tuple:
        values = list(row)
        for i, field in self._convert:
            if values[i] is not None:
                values[i] = field.get_db_prep_save(values[i], self.connection)
        return tuple(values)


def insert(objects: list[models.Model]) -> None:
    """Insert new instances of one model and set their primary keys. Must run inside a transaction."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    auto = [f for f in meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    columns = [f.attname for f in meta.concrete_fields if f is not meta.pk and f not in auto]
    writer = Writer(model, columns)
    if not writer.connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk.insert runs inside the import's transaction")
    for field in auto:  # what save() sets on the instance
        for obj in objects:
            setattr(obj, field.attname, writer.now)
    values = operator.attrgetter(*columns)
    if len(columns) == 1:
        rows = [(values(obj),) for obj in objects]
    else:
        rows = [values(obj) for obj in objects]
    pk, alias = meta.pk.attname, writer.connection.alias
    for obj, new_id in zip(objects, writer.insert(rows), strict=True):
        obj.__dict__[pk] = new_id
        obj._state.adding = False
        obj._state.db = alias


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


def _as_is(field) -> bool:
    """The driver takes the field's Python value unchanged (see the module's note on dates)."""
    if isinstance(field, models.DateTimeField):
        return False
    if isinstance(field, models.DateField):
        return True
    return isinstance(field, _PLAIN) and not isinstance(field, models.AutoField)


def _copy(cursor, connection, db_table, pk_column, table, columns, rows, tail) -> list[int]:
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                   [db_table, pk_column, len(rows)])
    ids = [new_id for (new_id,) in cursor.fetchall()]
    names = ", ".join(connection.ops.quote_name(c) for c in [pk_column, *columns])
    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        write = copy.write_row
        for new_id, row in zip(ids, rows, strict=True):
            write((new_id, *row, *tail))
    return ids


def _executemany(cursor, connection, table, columns, rows, tail) -> list[int]:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    ids = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        cursor.executemany(sql, [row + tail for row in batch] if tail else batch)
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
        ids.extend(range(last - len(batch) + 1, last + 1))
    return ids


# --- Writing beside the reading -------------------------------------------------------------------------------------

DEPTH = 2  # batches waiting for the writer: memory of a few batches, enough to keep the server busy


class Background:
    """`put(batch)` hands a batch to `write`, run in one thread of its own on PostgreSQL and at once on SQLite.

    Used as a context manager inside the caller's transaction: leaving it normally waits for every batch and raises the
    writer's error, if any; leaving it by an exception drops the batches not yet written and waits for the one under
    way, so the caller's rollback never meets a write in flight. After a failed write no further batch is written.
    The thread uses the caller's connection (Django's thread sharing); the caller must not use that connection while
    the writer works — it reads its file meanwhile."""

    def __init__(self, write: Callable[[object], None], *, using: str = "default", threaded: bool | None = None):
        self.write = write
        self.connection = connections[using]
        self.threaded = self.connection.vendor == "postgresql" if threaded is None else threaded
        self.error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=DEPTH)
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Background":
        if not self.connection.in_atomic_block:
            raise transaction.TransactionManagementError("bulk.Background runs inside the import's transaction")
        if self.threaded:
            self.connection.inc_thread_sharing()
            self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
            self._thread.start()
        return self

    def put(self, batch) -> None:
        self._raise()
        if self._thread is None:
            self.write(batch)
        else:
            self._queue.put(batch)  # waits while DEPTH batches are waiting: the reading never runs far ahead

    def _run(self) -> None:
        while (batch := self._queue.get()) is not _STOP:
            if self.error is None:
                try:
                    self.write(batch)
                except BaseException as exc:  # handed to the caller: raised there, then its transaction rolls back
                    self.error = exc
            # after a failure the batches still queued are taken and dropped, so a waiting `put` is released

    def __exit__(self, kind, exc, tb) -> None:
        if self._thread is not None:
            if kind is not None:  # the caller failed: what is still waiting is not written
                self.error = self.error or _Abandoned()
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None
            self.connection.dec_thread_sharing()
        if kind is None:
            self._raise()

    def _raise(self) -> None:
        if self.error is not None and not isinstance(self.error, _Abandoned):
            raise self.error


class _Abandoned(Exception):
    pass


_STOP = object()


def check_keys(connection, *models) -> None:
    """Check now the deferred foreign keys of the rows these models' tables got so far, and defer them again.

    Django creates foreign keys DEFERRABLE INITIALLY DEFERRED, so PostgreSQL checks every imported row's keys at
    commit: a hundred thousand pupils' three tables are 0.4 s per 20,000 rows of server time after the last batch.
    Called by the writer after each batch, the check runs while the import reads the next one. The result is the
    same: a key that does not hold fails the import and its transaction rolls back. Nothing on SQLite. `connection` is
    the import's (a writer's `connection`): in the writer's thread `connections[…]` would open another one."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in models]
    names = _DEFERRED_KEYS.get(tuple(tables))
    with connection.cursor() as cursor:
        if names is None:
            cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferrable AND condeferred "
                           "AND conrelid = ANY(%s::regclass[]) ORDER BY conname", [tables])
            names = _DEFERRED_KEYS[tuple(tables)] = ", ".join(connection.ops.quote_name(n)
                                                               for (n,) in cursor.fetchall())
        if names:
            cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")


_DEFERRED_KEYS: dict[tuple, str] = {}
