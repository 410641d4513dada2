"""The one inventory of personal data: which table holds whose data, in which fields, on which legal basis, what a
withdrawal of consent does to it, and which pages show it.

The apps declare their part (`<app>/personal_data.py`, loaded from AppConfig.ready); this module knows no domain.
Three things work from the inventory, so that a table added without a declaration is noticed and a declared one
cannot be forgotten:
- the eraser: after the apps' own erasers ran, `complete_erasure` deletes whatever rows of a «delete» holding are
  still there, blanks the fields of a «clear» holding, and strips the values from every log entry about those rows
  (the entry keeps who did what and when, not the content);
- the read log: `ReadLogMiddleware` writes a «Просмотр персональных данных» entry for every page and file
  declared in `READS`, unless the view already logged the read itself;
- the inventory page and the inventory test (`core/tests/test_personal_data_inventory.py`): every model linked to
  a subject's record must be declared;
- destruction when the purpose of processing is reached (152-ФЗ, ст. 21 ч. 4–5): each subject's `Retention` says
  when its purpose ends and for how long the data are kept after that, and why (the periods live in the apps'
  declarations, shown together on the destruction page and in decision 59); `destroy` erases every holding of the
  records found, with the same log scrubbing as a withdrawal, and names are struck from every other log entry.
"""

import dataclasses
import datetime
import json
import re
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from orientir.core.dates import add_years

DELETE = "delete"  # the rows go when the consent is withdrawn
CLEAR = "clear"  # the row stays (it is about something else too); the listed fields are blanked
KEEP = "keep"  # kept on another legal basis, named in `why_kept`

ERASED = "удалено"


@dataclasses.dataclass(frozen=True)
class Subject:
    code: str  # "pupil"
    model: str  # "guidance.Pupil": the record that stands for the person
    label: str  # «Обучающийся (в том числе несовершеннолетний)»
    minor: bool = False  # may be a child: reads are logged, consent rules apply
    check_links: bool = True  # the inventory test demands a declaration for every model linked to the record


@dataclasses.dataclass(frozen=True)
class Holding:
    model: str  # "guidance.Representative"
    subject: str  # Subject.code
    path: str  # ORM lookup from this model to the subject's record; "" — the record itself
    fields: tuple[str, ...]  # the fields that carry personal data
    basis: str  # legal basis, as a person reads it
    on_withdrawal: str = KEEP
    why_kept: str = ""
    cleared: tuple[str, ...] = ()  # for CLEAR: the fields blanked (FKs to the subject become NULL)
    # When the purpose is reached: "" — as on withdrawal, but what a withdrawal keeps goes too (DELETE; a CLEAR
    # holding is cleared); KEEP — the rows stay on their own basis; CLEAR — the `cleared` fields are blanked.
    on_destruction: str = ""
    label: str = ""  # the table's Russian name in the act, where the model has none of its own

    @property
    def destruction(self) -> str:
        if self.on_destruction:
            return self.on_destruction
        return CLEAR if self.on_withdrawal == CLEAR else DELETE


@dataclasses.dataclass(frozen=True)
class Retention:
    """When the purpose of processing a subject's data is reached, and how long the data may be kept after that
    (152-ФЗ, ст. 21 ч. 4–5: destroyed within 30 days of the purpose being reached, unless a law or a contract sets
    a period)."""

    subject: str  # Subject.code
    title: str  # «Обучающиеся без договора о целевом обучении»
    years: int  # kept this many years after `ended_on`
    ends: str  # what ends the purpose: «выбытие или выпуск из школы»
    reason: str  # why this period, as a person reads it
    # due(queryset of the subject's records, cutoff) → those whose purpose ended on or before `cutoff`, annotated
    # with `ended_on`
    due: Callable
    scope: Callable  # scope(user) → the subject's records the user may see
    describe: Callable  # describe(record) → (label without the person's data, organisation, state)
    names: Callable  # names(record) → the person's names as the log writes them, to strike from other entries
    order: int = 0

    @property
    def period(self) -> str:
        return f"{self.years} {_years_word(self.years)} после того, как {self.ends}"

    def cutoff(self, today: datetime.date) -> datetime.date:
        """The last day of purpose's end that is past its period on `today`."""
        return add_years(today, -self.years)

    def expires(self, ended_on: datetime.date) -> datetime.date:
        """The day the period of a record whose purpose ended on `ended_on` runs out."""
        return add_years(ended_on, self.years)

    def records(self, today: datetime.date, user=None):
        """The records whose period has run out on `today`, in the user's scope (all of them for None)."""
        base = (self.scope(user) if user is not None
                else apps.get_model(SUBJECTS[self.subject].model)._default_manager.all())
        return self.due(base, self.cutoff(today))


def _years_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "года"
    return "лет"


@dataclasses.dataclass(frozen=True)
class Read:
    view: str  # "pupils:class_detail"
    label: str  # what the page shows, for the log
    model: str = ""  # the record the page is about, when its URL names one
    kwarg: str = "pk"
    logged_by_view: bool = False  # the view writes its own entry (with the record's name)


SUBJECTS: dict[str, Subject] = {}
HOLDINGS: dict[tuple[str, str], Holding] = {}  # (model, subject) → what the model holds about that subject
READS: dict[str, Read] = {}
RETENTION: dict[str, Retention] = {}  # subject code → when its purpose is reached
# (model, subject) pairs that point at a subject's record but hold nothing of that person, with the reason.
NOT_PERSONAL: dict[tuple[str, str], str] = {}


def register_subject(subject: Subject) -> None:
    SUBJECTS[subject.code] = subject


def register(*holdings: Holding) -> None:
    for holding in holdings:
        if holding.on_withdrawal == KEEP and not holding.why_kept:
            raise ValueError(f"{holding.model}: a holding kept after withdrawal needs its reason")
        HOLDINGS[(holding.model, holding.subject)] = holding


def register_retention(retention: Retention) -> None:
    RETENTION[retention.subject] = retention


def retentions() -> list[Retention]:
    return sorted(RETENTION.values(), key=lambda r: (r.order, r.subject))


def register_reads(*reads: Read) -> None:
    for read in reads:
        READS[read.view] = read


def not_personal(model: str, subject: str, reason: str) -> None:
    NOT_PERSONAL[(model, subject)] = reason


def holdings(subject: str | None = None) -> list[Holding]:
    return [h for h in HOLDINGS.values() if subject is None or h.subject == subject]


def _rows(holding: Holding, record):
    model = apps.get_model(holding.model)
    return model._default_manager.filter(**{holding.path or "pk": record if holding.path else record.pk})


def collect(subject: str, record) -> dict[str, list]:
    """The primary keys of every row held about `record` that a withdrawal erases or clears, taken before the
    erasers run (afterwards the deleted rows cannot be found, and neither can their log)."""
    found = {}
    for holding in holdings(subject):
        if holding.on_withdrawal in (DELETE, CLEAR) and holding.path:
            found[holding.model] = list(_rows(holding, record).values_list("pk", flat=True))
    return found


def complete_erasure(subject: str, record, collected: dict[str, list]) -> dict[str, int]:
    """Finish a withdrawal from the inventory: rows the apps' erasers left are deleted or cleared, and the log of
    every collected row keeps who did what and when, without the values. Returns {table: rows this pass erased}
    (empty when the apps' own erasers did everything)."""
    erased = {}
    # the deepest paths first: a route's steps before the route
    for holding in sorted(holdings(subject), key=lambda h: -h.path.count("__")):
        if not holding.path or holding.on_withdrawal == KEEP:
            continue
        model = apps.get_model(holding.model)
        rows = model._default_manager.filter(pk__in=collected.get(holding.model, []))
        if holding.on_withdrawal == DELETE:
            count = rows.count()
            if count:
                rows.delete()
                erased[str(model._meta.verbose_name_plural)] = count
        else:
            blank = {name: (None if model._meta.get_field(name).null else "") for name in holding.cleared}
            count = rows.exclude(**{k: v for k, v in blank.items() if v is not None}).count() if blank else 0
            if blank:
                rows.update(**blank)
            if count:
                erased[str(model._meta.verbose_name_plural)] = count
    for label, pks in collected.items():
        if not pks:
            continue
        model = apps.get_model(label)
        holding = HOLDINGS[(label, subject)]
        _scrub_log(model, pks, keys=None if holding.on_withdrawal == DELETE else _keys_of(model, holding.cleared),
                   repr_=f"{str(model._meta.verbose_name).capitalize()} ({ERASED}: отзыв согласия)"
                   if holding.on_withdrawal == DELETE else None)
    return erased


def _keys_of(model, fields: tuple[str, ...]) -> set[str]:
    """A field's keys in the log: its name and its Russian label (older entries use either)."""
    keys = set(fields)
    for name in fields:
        keys.add(str(model._meta.get_field(name).verbose_name))
    return keys


def linked_models(subject_model: str) -> dict[str, str]:
    """Every model whose rows point at a subject's record through foreign keys (directly or through other such
    models), with the shortest lookup path: what the inventory must declare. The walk does not go on through
    another subject's record (a contract concluded with a pupil): that record's own inventory covers what hangs
    from it."""
    target = apps.get_model(subject_model)
    others = {s.model for s in SUBJECTS.values()} - {target._meta.label}
    found = {target._meta.label: ""}
    layer = [target._meta.label]
    while layer:
        nxt = []
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label
            if label in found:
                continue
            for field in model._meta.concrete_fields:
                parent = field.related_model._meta.label if field.is_relation and field.related_model else None
                if parent in layer:
                    found[label] = f"{field.name}__{found[parent]}" if found[parent] else field.name
                    if label not in others:
                        nxt.append(label)
                    break
        layer = nxt
    found.pop(target._meta.label)
    return found


DESTROYED = "удалено: цель обработки достигнута"


def model_label(model) -> str:
    """A table's Russian name for the act: an M2M table is named by its field («Интерес: специальности»)."""
    if model._meta.auto_created:
        owner = model._meta.auto_created
        for field in owner._meta.many_to_many:
            if field.remote_field.through is model:
                return str(field.verbose_name).capitalize()
    return str(model._meta.verbose_name_plural).capitalize()


def held_rows(subject: str, records) -> dict[Holding, list]:
    """The primary keys of every row each holding keeps about `records` (the records themselves for the holding
    with an empty path) that destruction erases or clears."""
    found = {}
    ids = records.values("pk") if hasattr(records, "values") else [r.pk for r in records]
    for holding in holdings(subject):
        if holding.destruction == KEEP:
            continue
        model = apps.get_model(holding.model)
        lookup = f"{holding.path}__in" if holding.path else "pk__in"
        found[holding] = list(model._default_manager.filter(**{lookup: ids}).values_list("pk", flat=True))
    return found


def held_counts(subject: str, records) -> list[tuple[str, int]]:
    """What destruction would erase, by table: [(table, rows)], the tables with rows only (`records`: a queryset
    or a list)."""
    ids = records.values("pk") if hasattr(records, "values") else [r.pk for r in records]
    counts = []
    for holding in holdings(subject):
        if holding.destruction == KEEP:
            continue
        model = apps.get_model(holding.model)
        lookup = f"{holding.path}__in" if holding.path else "pk__in"
        count = model._default_manager.filter(**{lookup: ids}).count()
        if count:
            counts.append((holding.label or model_label(model), count))
    return counts


def destroy(subject: str, records) -> dict[str, int]:
    """Destroy what is held about `records` once the purpose of processing is reached: the rows of every holding go
    (the deepest first, the records last), a CLEAR holding loses its fields, the log of every such row keeps who did
    what and when without the values or the record's name, and the people's names are struck from every other log
    entry (a class roster's «зачислен», a programme's participant). Returns {table: rows}."""
    records = list(records)
    if not records:
        return {}
    retention = RETENTION[subject]
    names = {name for record in records for name in retention.names(record) if name and name.strip()}
    found = held_rows(subject, records)
    counts: dict[str, int] = {}
    for holding, pks in found.items():
        if pks:
            model = apps.get_model(holding.model)
            _scrub_log(model, pks, keys=None if holding.destruction == DELETE else _keys_of(model, holding.cleared),
                       repr_=f"{str(model._meta.verbose_name).capitalize()} ({DESTROYED})"
                       if holding.destruction == DELETE else None, force=True)
    for holding in sorted(found, key=lambda h: (h.path == "", -h.path.count("__"))):
        pks = found[holding]
        if not pks:
            continue
        model = apps.get_model(holding.model)
        rows = model._default_manager.filter(pk__in=pks)
        if holding.destruction == DELETE:
            rows.delete()
        else:
            rows.update(**{name: (None if model._meta.get_field(name).null else "") for name in holding.cleared})
        label = holding.label or model_label(model)
        counts[label] = counts.get(label, 0) + len(pks)
    strike_names(names)
    return counts


def _scrub_log(model, pks, *, keys, repr_, force=False) -> None:
    """The log of the rows `pks` keeps who did what and when: the values of `keys` (every value for None) become
    «удалено», the record's name becomes `repr_` (when given)."""
    from orientir.core.models import AuditEntry

    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                        object_id__in=[str(pk) for pk in pks])
    for entry in entries.only("pk", "changes", "object_repr").iterator(chunk_size=1000):
        if not force and "отзыв согласия" in entry.object_repr:
            continue  # the app's own eraser has scrubbed this entry, keeping what is not the pupil's
        changes = {key: ([ERASED, ERASED] if keys is None or key in keys else value)
                   for key, value in (entry.changes or {}).items()}
        update = {"changes": changes}
        if repr_:
            update["object_repr"] = repr_
        AuditEntry.objects.filter(pk=entry.pk).update(**update)


def _strike(value, pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_strike(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_strike(k, pattern): _strike(v, pattern) for k, v in value.items()}
    return value


def strike_names(names) -> int:
    """Strike the names from every log entry that mentions them (in its record's name or its values): one pass over
    the log, whatever the number of names. Returns the entries changed."""
    from orientir.core.models import AuditEntry

    names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not names:
        return 0
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    changed = 0
    for entry in AuditEntry.objects.only("pk", "changes", "object_repr").iterator(chunk_size=2000):
        text = entry.object_repr + json.dumps(entry.changes or {}, ensure_ascii=False)
        if not pattern.search(text):
            continue
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr=pattern.sub(ERASED, entry.object_repr)[:500],
                                                      changes=_strike(entry.changes or {}, pattern))
        changed += 1
    return changed
