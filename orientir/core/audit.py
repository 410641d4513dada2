"""Write and read the audit log. Services call `record` inside their transaction."""

import contextvars
import datetime
import decimal
import functools

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

ACTION_LABELS = {
    "created": "Создание",
    "updated": "Изменение",
    "deleted": "Удаление",
    "closed": "Закрытие",
    "reopened": "Возобновление",
    "viewed": "Просмотр персональных данных",
    "exported": "Выгрузка",
    "saved": "Сохранение",
    "submitted": "Представление",
    "imported": "Загрузка из Excel",
    "started": "Начало выполнения",
    "position_added": "Добавление должности",
    "position_removed": "Удаление должности",
    "sent_back": "Возврат на доработку",
    "opened": "Открытие",
    "tasks_generated": "Формирование задач",
    "retired": "Исключение из плана",
    "restored": "Возврат в план",
    "renewed": "Выпуск нового адреса",
    "member_added": "Зачисление в класс",
    "member_removed": "Выбытие из класса",
    "activity_added": "Внесение мероприятия",
    "activity_deleted": "Удаление мероприятия",
    "consent_withdrawn": "Отзыв согласия",
    "representative_added": "Добавление представителя",
    "tutor_assigned": "Закрепление тьютора",
    "tutor_unassigned": "Снятие закрепления тьютора",
    "representative_removed": "Удаление представителя",
    "rolled_over": "Перевод в следующий класс",
    "step_added": "Добавление шага",
    "step_marked": "Отметка шага",
    "transition": "Смена состояния",
    "destroyed": "Уничтожение персональных данных",
}


# Actions that record a read of personal data. While a request is served, ReadLogMiddleware watches this flag to
# know whether the view logged its read itself (with the record's name) or the middleware must.
READ_ACTIONS = {"viewed", "exported", "document_generated"}
read_logged: contextvars.ContextVar[bool] = contextvars.ContextVar("read_logged", default=False)


def register_labels(labels: dict[str, str]) -> None:
    """Apps add the Russian words for their own actions (from AppConfig.ready), keeping this module small."""
    for key, label in labels.items():
        ACTION_LABELS.setdefault(key, label)


def _plain(value):
    """Turn a field value into something JSON keeps and a person can read."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model) -> dict:
    """Values of the concrete editable fields of a record, keyed by verbose name source (field name)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in {"search_text", "sort_name", "version",
                                                                      "created_at", "updated_at"}:
            continue
        value = getattr(instance, field.name)
        data[field.name] = _plain(value)
    return data


def diff(before: dict, after: dict) -> dict:
    """Fields whose value changed: {field: [before, after]}."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(*, actor, action: str, instance: models.Model | None = None, changes: dict | None = None,
           object_repr: str = "") -> AuditEntry:
    """Append one entry; `action` is dotted, e.g. `directory.organisation.updated`."""
    actor_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_name = actor.get_full_name() or actor.get_username()
    else:
        actor = None
        actor_name = "Система"
    entry = AuditEntry(actor=actor, actor_name=actor_name[:300], action=action, changes=changes or {})
    if instance is not None:
        entry.content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
        entry.object_id = str(instance.pk)
        entry.object_repr = (object_repr or str(instance))[:500]
    else:
        entry.object_repr = object_repr[:500]
    entry.save()
    if action.rsplit(".", 1)[-1] in READ_ACTIONS:
        read_logged.set(True)
    return entry


def last_change_id() -> int:
    """The id of the newest entry that records a change (every audited write makes one; reads do not count): what
    is computed from the data and cached can carry it in its key, so any change is seen at once. One index probe
    (`audit_change_idx`)."""
    from .models import CHANGE_ENTRIES

    return AuditEntry.objects.filter(CHANGE_ENTRIES).order_by("-id").values_list("id", flat=True).first() or 0


def history_for(instance: models.Model):
    """The record's log, newest first, for its «История изменений» panel."""
    ct = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(instance.pk)).select_related("actor",
                                                                                                "content_type")


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a field, for showing a change to a person. An entry about a pupil may carry the fields
    of the pupil's route or plan: a name that is not the model's own is looked up in the models of its app, then
    in all; only a key no model knows is shown as it was stored."""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # not this model's field, or a field removed since the entry was written
        return _labels_by_name(model._meta.app_label if model else "").get(name, name)


@functools.cache
def _labels_by_name(app_label: str) -> dict[str, str]:
    from django.apps import apps

    labels: dict[str, str] = {}
    models_ = sorted(apps.get_models(), key=lambda m: m._meta.app_label != app_label)  # the entry's app first
    for model in models_:
        for field in model._meta.concrete_fields:
            verbose = str(field.verbose_name)
            if verbose != field.name.replace("_", " "):  # a Russian label was given
                labels.setdefault(field.name, verbose)
    return labels


def action_label(action: str) -> str:
    """Russian word for the last part of a dotted action."""
    return ACTION_LABELS.get(action.rsplit(".", 1)[-1], action)


def filters_repr(query) -> str:
    """The filters of an export for the log, without the text typed into search (it may be a person's name)."""
    parts = []
    for key, values in query.lists():
        if key in ("page", "csrfmiddlewaretoken"):
            continue
        for value in values:
            if value:
                parts.append(f"{key}=«поиск по тексту»" if key in ("q", "search") else f"{key}={value}")
    return "&".join(parts)


def record_read(*, actor, view: str, label: str, model: str = "", object_id=None, filters: str = "") -> AuditEntry:
    """A read of personal data logged from the inventory (ReadLogMiddleware): the page, the record, the filters."""
    from django.apps import apps

    entry = AuditEntry(actor=actor, actor_name=(actor.get_full_name() or actor.get_username())[:300],
                       action=f"{view.replace(':', '.')}.viewed", object_repr=label[:500],
                       changes={"Страница": [None, label], **({"Отбор": [None, filters]} if filters else {})})
    if model and object_id is not None:
        entry.content_type = ContentType.objects.get_for_model(apps.get_model(model), for_concrete_model=True)
        entry.object_id = str(object_id)
    entry.save()
    return entry
