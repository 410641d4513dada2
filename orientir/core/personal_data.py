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
  a subject's record must be declared.
"""

import dataclasses

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

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


@dataclasses.dataclass(frozen=True)
class Read:
    view: str  # "guidance:class_detail"
    label: str  # what the page shows, for the log
    model: str = ""  # the record the page is about, when its URL names one
    kwarg: str = "pk"
    logged_by_view: bool = False  # the view writes its own entry (with the record's name)


SUBJECTS: dict[str, Subject] = {}
HOLDINGS: dict[tuple[str, str], Holding] = {}  # (model, subject) → what the model holds about that subject
READS: dict[str, Read] = {}
# (model, subject) pairs that point at a subject's record but hold nothing of that person, with the reason.
NOT_PERSONAL: dict[tuple[str, str], str] = {}


def register_subject(subject: Subject) -> None:
    SUBJECTS[subject.code] = subject


def register(*holdings: Holding) -> None:
    for holding in holdings:
        if holding.on_withdrawal == KEEP and not holding.why_kept:
            raise ValueError(f"{holding.model}: a holding kept after withdrawal needs its reason")
        HOLDINGS[(holding.model, holding.subject)] = holding


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
    from orientir.core.models import AuditEntry

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
        keys = None if holding.on_withdrawal == DELETE else _keys_of(model, holding.cleared)
        entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                            object_id__in=[str(pk) for pk in pks])
        repr_ = f"{str(model._meta.verbose_name).capitalize()} ({ERASED}: отзыв согласия)"
        for entry in entries.only("pk", "changes", "object_repr"):
            if "отзыв согласия" in entry.object_repr:
                continue  # the app's own eraser has scrubbed this entry, keeping what is not the pupil's
            changes = {key: ([ERASED, ERASED] if keys is None or key in keys else value)
                       for key, value in (entry.changes or {}).items()}
            update = {"changes": changes}
            if holding.on_withdrawal == DELETE:
                update["object_repr"] = repr_
            AuditEntry.objects.filter(pk=entry.pk).update(**update)
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
