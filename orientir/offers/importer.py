"""The weekly applications list from «Работа в России» on the shared import engine (orientir.core.imports).

A row names the applicant, the offer (the campaign's number or the platform's) and the status. A row already known
(the same applicant and offer) is updated when its status, date or number changed, skipped otherwise; a new row is
added. Every row is written by services.application_save, the manual form's writer, so the applicant is matched to
the targeted database the same way. The whole file is checked first; any error — nothing is written.
"""

import dataclasses

from django.db import transaction

from orientir.accounts import access
from orientir.accounts.models import User
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.imports import engine, normalize, template
from orientir.core.imports.engine import HEADER_SEARCH_ROWS, Column, Reading, Row, Table
from orientir.core.imports.page import Import, ImportRefused, Preview, register
from orientir.core.workbook import MB, Limits

from . import services
from .models import Application, Offer, OfferCampaign

LIMITS = Limits(columns=30, data_rows=20_000, header_rows=HEADER_SEARCH_ROWS, file_bytes=5 * MB)
S = Application.Status
STATUSES = {normalize.key(label): value for value, label in S.choices} | {
    "подано": S.SUBMITTED, "новая": S.SUBMITTED, "на рассмотрении": S.SUBMITTED, "отозвано": S.WITHDRAWN,
    "отозвал": S.WITHDRAWN, "отклонена": S.NOT_ENROLLED, "допущена": S.ALLOWED, "одобрена": S.ALLOWED,
    "зачислена": S.ENROLLED, "не зачислена": S.NOT_ENROLLED}
TABLE = Table((
    Column("last_name", "Фамилия*", required=True),
    Column("first_name", "Имя*", required=True),
    Column("middle_name", "Отчество"),
    Column("birth_date", "Дата рождения*", normalize.date, required=True, aliases=("Д.р.",)),
    Column("offer", "Номер предложения*", required=True, aliases=("Предложение", "Номер предложения на платформе")),
    Column("applied_on", "Дата подачи*", normalize.date, required=True, aliases=("Дата заявки",)),
    Column("status", "Статус*", required=True, aliases=("Статус заявки",)),
    Column("platform_number", "Номер заявки", aliases=("Номер заявки на платформе",)),
), LIMITS, sheet="Заявки")


def build_template() -> bytes:
    return template.build(
        TABLE, heading="Заявки на предложения о целевом обучении («Работа в России»)",
        note="Одна строка — одна заявка. Номер предложения — номер в Ориентире (например, 2027-001) или на платформе. "
             "Статус: подана, отозвана, допущен, зачислен, не зачислен.",
        widths={"last_name": 18, "first_name": 16, "middle_name": 18, "offer": 22, "status": 16})


@dataclasses.dataclass
class Step:
    row: Row
    action: str  # add | update | skip
    offer: Offer | None = None
    data: dict | None = None
    existing: Application | None = None


def _steps(data: bytes, context: dict) -> tuple[Reading, list[Step]]:
    user = User.objects.get(pk=context["user"])
    campaign = OfferCampaign.objects.get(pk=context["campaign"])
    reading = engine.check(data, TABLE)
    if not reading.header_row:
        return reading, []
    offers = {}
    for offer in access.offers_for(user).filter(campaign=campaign, status__in=(Offer.Status.APPROVED,
                                                                                 Offer.Status.PLACED)):
        offers[normalize.key(offer.number)] = offer
        if offer.platform_number:
            offers[normalize.key(offer.platform_number)] = offer
    known = {(a.offer_id, normalize.key(a.last_name), normalize.key(a.first_name), normalize.key(a.middle_name),
              a.birth_date): a for a in access.offer_applications_for(user).filter(offer__campaign=campaign)}
    steps, seen = [], set()
    for row in reading.rows + reading.partial:
        v = row.values
        offer = offers.get(normalize.key(v["offer"])) if v.get("offer") else None
        if v.get("offer") and offer is None:
            reading.error(row.number, "offer", f"согласованного предложения «{v['offer']}» в кампании нет")
        status = STATUSES.get(normalize.key(v["status"])) if v.get("status") else None
        if v.get("status") and status is None:
            reading.error(row.number, "status", f"статус «{v['status']}» не распознан: укажите подана, отозвана, "
                                                "допущен, зачислен или не зачислен")
        if row.failed or offer is None or status is None:
            continue
        key = (offer.pk, normalize.key(v["last_name"]), normalize.key(v["first_name"]),
               normalize.key(v["middle_name"]), v["birth_date"])
        if key in seen:
            reading.error(row.number, "last_name", "заявка того же поступающего на то же предложение повторяется")
            continue
        seen.add(key)
        fields = {"last_name": v["last_name"], "first_name": v["first_name"], "middle_name": v["middle_name"],
                  "birth_date": v["birth_date"], "applied_on": v["applied_on"], "status": status,
                  "platform_number": v["platform_number"][:60]}
        existing = known.get(key)
        if existing and (existing.applied_on, existing.status, existing.platform_number) == \
                (fields["applied_on"], status, fields["platform_number"]):
            steps.append(Step(row, "skip"))
            continue
        steps.append(Step(row, "update" if existing else "add", offer, fields, existing))
    if reading.ok and not steps:
        reading.error(0, None, "В файле нет ни одной строки с данными.")
    return reading, steps


class _Rollback(Exception):
    pass


def _apply(reading: Reading, steps: list[Step], actor, *, commit: bool) -> None:
    """Every row through the service in a savepoint; a refusal is the row's error. Rolled back unless committing a
    clean file."""
    try:
        with transaction.atomic():
            for step in steps:
                if step.action == "skip":
                    continue
                try:
                    with transaction.atomic():
                        services.application_save(actor=actor, offer=step.offer, data=step.data,
                                                  application=step.existing)
                except DomainError as exc:
                    reading.error(step.row.number, None, exc.message.rstrip("."))
            if not (commit and reading.ok):
                raise _Rollback
    except _Rollback:
        pass


def _check(data: bytes, context: dict):
    reading, steps = _steps(data, context)
    if reading.ok:
        _apply(reading, steps, User.objects.get(pk=context["user"]), commit=False)
    return reading, steps


def _preview(steps: list[Step], context: dict) -> Preview:
    return Preview(add=sum(s.action == "add" for s in steps), update=sum(s.action == "update" for s in steps),
                   skip=sum(s.action == "skip" for s in steps), skip_why="такая заявка уже внесена")


@transaction.atomic
def _write(*, actor, data: bytes, context: dict) -> Preview:
    reading, steps = _steps(data, context)
    if reading.ok:
        _apply(reading, steps, actor, commit=True)
    if not reading.ok:
        raise ImportRefused(reading.errors)
    done = _preview(steps, context)
    audit.record(actor=actor, action="offers.applications.imported", object_repr="Заявки на предложения из Excel",
                 changes={"Добавлено": [None, done.add], "Обновлено": [None, done.update],
                          "Пропущено": [None, done.skip]})
    return done


APPLICATIONS = register(Import(kind="offer_applications", noun="заявок", limits=LIMITS, check=_check,
                               preview=_preview, write=_write))
