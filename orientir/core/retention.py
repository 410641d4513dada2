"""Destruction of personal data when the purpose of processing is reached (152-ФЗ, ст. 21 ч. 4–5; decision 59).

Reads: which records of each subject are past their period (`due`), what destroying them would erase by table
(`preview`). Write: `destroy_due` — the administrator's confirmation — erases them through the inventory
(orientir.core.personal_data.destroy, the withdrawal's eraser run over every holding), writes the act and one
audit entry with the counts. The page, the management command and the tests all go through here.
"""

import datetime

from django.db import transaction

from orientir.core import audit, personal_data
from orientir.core.errors import DomainError
from orientir.core.models import DestructionAct
from orientir.core.text import normalize_search

METHOD = ("удаление записей из базы данных информационной системы «Ориентир» (строки таблиц и значения в журнале "
          "действий) без возможности восстановления средствами системы")
SYSTEM = "Муниципальная информационная система «Ориентир» (целевое обучение и профориентация)"


def rule(subject: str) -> personal_data.Retention:
    try:
        return personal_data.RETENTION[subject]
    except KeyError:
        raise DomainError("Нет такой категории персональных данных.") from None


def due(subject: str, today: datetime.date, user=None, q: str = ""):
    """The records of `subject` whose period has run out on `today`, in the user's scope; `q` finds by words of
    the name or the number."""
    qs = rule(subject).records(today, user)
    for word in normalize_search(q).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def summary(today: datetime.date, user=None) -> list[dict]:
    """Each rule with its period, reason and the number of records past it."""
    return [{"rule": r, "count": r.records(today, user).count()} for r in personal_data.retentions()]


def preview(subject: str, records) -> list[tuple[str, int]]:
    """What destroying `records` would erase, by table."""
    return personal_data.held_counts(subject, records)


def _next_number(made_on: datetime.date) -> str:
    taken = DestructionAct.objects.filter(made_on__year=made_on.year).count()
    return f"{taken + 1}-{made_on.year}"


@transaction.atomic
def destroy_due(*, actor, subject: str, today: datetime.date, ids=None, commission: str = "",
                municipality=None, user_scope=True) -> DestructionAct:
    """Destroy the records of `subject` past their period on `today` (those of `ids` only, when given — the
    administrator may leave out a record under litigation), write the act and log it. A record no longer past its
    period (or outside the actor's scope) is not touched."""
    retention = rule(subject)
    records_qs = due(subject, today, actor if user_scope else None)
    if ids is not None:
        records_qs = records_qs.filter(pk__in=list(ids))
    records = list(records_qs.select_for_update(of=("self",)) if _locks() else records_qs)
    if not records:
        raise DomainError("Нет записей, срок хранения которых истёк: уничтожать нечего.")
    last_end = max(r.ended_on for r in records)
    first_end = min(r.ended_on for r in records)
    tables = personal_data.destroy(subject, records)
    group = (f"{retention.title}: {len(records)} — {retention.ends} в период с {first_end:%d.%m.%Y} по "
             f"{last_end:%d.%m.%Y}")
    actor_name = ""
    if actor is not None:
        actor_name = ", ".join(p for p in (actor.get_full_name() or actor.get_username(),
                                           getattr(actor, "position_title", "")) if p)
    act = DestructionAct.objects.create(
        municipality=municipality if municipality is not None else getattr(actor, "municipality", None),
        number=_next_number(today), made_on=today, subject=subject, group=group[:500],
        period=retention.period[:300], reason=retention.reason, people=len(records),
        tables=[[label, count] for label, count in sorted(tables.items())], commission=commission.strip()[:2000],
        actor=actor if actor is not None and actor.pk else None, actor_name=(actor_name or "Система")[:300])
    audit.record(actor=actor, action="core.personal_data.destroyed", instance=act,
                 changes={"Категория": [None, retention.title], "Записей": [None, len(records)],
                          **{label: [count, 0] for label, count in sorted(tables.items())}})
    return act


def _locks() -> bool:
    from django.db import connection

    return connection.features.has_select_for_update_of

