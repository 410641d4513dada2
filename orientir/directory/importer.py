"""Organisations from an Excel file: a city's registry of municipal organisations, matched by ИНН.

A row whose ИНН is in the registry updates that organisation — only the cells that are filled and differ; a row with
a new ИНН adds one. All or nothing, through the import engine (orientir.core.imports): any error and nothing is
written. What is checked beyond the cells' own form:
- ИНН and ОГРН by their control digits (orientir.core.validators); an ИНН typed as a number is taken as it is (Excel
  keeps ten digits whole; a lost leading zero is put back), an ОГРН that Excel has cut to its scientific form
  («1,02440E+12») is refused — the cell must be text (decision 47);
- the same ИНН or ОГРН twice in the file, naming both rows; an ОГРН that belongs to another organisation;
- the user's scope: rows are added in the user's municipality and, for a directorate, in its sector; an ИНН of an
  organisation outside the scope is refused without a word about that organisation.
Updates keep the card's rules: search and sort columns recomputed (`refresh_derived`), the version raised (an edit
form opened before the import is refused, not overwritten), one audit entry per organisation in the shape of the
card's own create and edit, and one entry for the import with its counts.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from orientir.core import audit
from orientir.core.imports import bulk, engine, normalize, template
from orientir.core.imports.engine import HEADER_SEARCH_ROWS, Column, Reading, Table
from orientir.core.imports.page import Import, ImportRefused, Preview, register
from orientir.core.models import AuditEntry
from orientir.core.validators import normalize_phone, strip_identifier, validate_ogrn, validate_org_inn
from orientir.core.workbook import MB, ErrorList, Limits

from .models import Municipality, Organisation, Sector
from .scope import municipalities_for, organisations_for, sectors_for

# A city has hundreds of organisations, a region some thousands; extra columns (notes, КПП) up to AD are ignored.
LIMITS = Limits(columns=30, data_rows=20_000, header_rows=HEADER_SEARCH_ROWS, file_bytes=10 * MB)
SKIP_WHY = "уже есть в реестре, и в файле ничего нового"
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_LOOKUP_CHUNK = 2_000  # ИНН per query: far below any database's limit of parameters

# The kinds and statuses by their labels and by the words registries use for them (matched by normalize.key).
_KIND_WORDS = {
    Organisation.Kind.SCHOOL: ("школа", "общеобразовательная организация", "общеобразовательное учреждение",
                               "сош", "оош", "мбоу", "гимназия", "лицей"),
    Organisation.Kind.KINDERGARTEN: ("детский сад", "дошкольная образовательная организация",
                                     "дошкольное образовательное учреждение", "доу", "мбдоу", "мадоу"),
    Organisation.Kind.ADDITIONAL: ("дополнительное образование", "организация дополнительного образования детей",
                                   "учреждение дополнительного образования", "удо", "мбудо", "дод"),
    Organisation.Kind.CULTURE: ("культура", "учреждение культуры", "организация культуры", "библиотека", "музей",
                                "дом культуры"),
    Organisation.Kind.SPORT: ("спорт", "спортивная школа", "спортивное учреждение", "учреждение спорта"),
    Organisation.Kind.OTHER: ("другое", "иное", "прочее", "прочие"),
}
_STATUS_WORDS = {
    Organisation.Status.ACTIVE: ("действует", "действующая", "действующее", "работает", "активна"),
    Organisation.Status.CLOSED: ("закрыта", "закрыто", "закрыт", "ликвидирована", "ликвидировано",
                                 "прекратила деятельность"),
}
_SECTOR_WORDS = {
    Sector.EDUCATION: ("образование",), Sector.CULTURE: ("культура",),
    Sector.SPORT: ("спорт", "молодежная политика", "спорт и молодежная политика", "физическая культура и спорт"),
}
# the sector a kind belongs to; «другое» has none and needs the «Отрасль» column
KIND_SECTOR = {Organisation.Kind.SCHOOL: Sector.EDUCATION, Organisation.Kind.KINDERGARTEN: Sector.EDUCATION,
               Organisation.Kind.ADDITIONAL: Sector.EDUCATION, Organisation.Kind.CULTURE: Sector.CULTURE,
               Organisation.Kind.SPORT: Sector.SPORT}


def _words(choices, words: dict) -> dict[str, str]:
    found = {}
    for value, label in choices:
        for word in (value, label, *words.get(value, ())):
            found[normalize.key(word)] = value
    return found


_KINDS = _words(Organisation.Kind.choices, _KIND_WORDS)
_STATUSES = _words(Organisation.Status.choices, _STATUS_WORDS)
_SECTORS = _words(Sector.choices, _SECTOR_WORDS)


def _choice(table: dict[str, str], choices, what: str):
    def parse(value) -> str:
        raw = normalize.text(value)
        if not raw:
            return ""
        found = table.get(normalize.key(raw))
        if found is None:
            labels = ", ".join(f"«{label.lower()}»" for _, label in choices)
            raise ValueError(f"«{raw}» — не {what}; укажите одно из: {labels}")
        return found
    return parse


def _excel_shown(number) -> str:
    """A long number as Excel's General format shows it in a narrow column: 1,02440E+12."""
    return f"{float(number):.5E}".replace(".", ",").replace("E+0", "E+")


def inn(value) -> str:
    """An organisation's ИНН from a cell: text with spaces or dashes, or a number (a lost leading zero put back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"«{normalize.shown(value)}» — не ИНН")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"ИНН «{_excel_shown(value)}» записан как дробное число: сделайте ячейку текстовой и "
                             "введите ИНН полностью — 10 цифр")
        digits = str(int(value))
        if len(digits) == 9:  # a number does not keep a leading zero (regions 01–09); the control digit decides
            digits = "0" + digits
    else:
        raw = normalize.text(value)
        if _SCIENTIFIC.match(raw):
            raise ValueError(f"ИНН «{raw}» сохранён Excel в экспоненциальной форме, его цифры потеряны: сделайте "
                             "ячейку текстовой и введите ИНН полностью — 10 цифр")
        digits = strip_identifier(raw)
    if not digits:
        return ""
    try:
        validate_org_inn(digits)
    except ValidationError as exc:
        raise ValueError(f"«{normalize.shown(value)}»: {exc.messages[0]}") from None
    return digits


def ogrn(value) -> str:
    """An organisation's ОГРН from a cell. A number is taken only when it holds all 13 digits: Excel shows a 13-digit
    number as 1,02440E+12, and a value copied or saved from that form has lost its last digits (they come back as
    zeros) — such a cell is refused with what to do, never completed or guessed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"«{normalize.shown(value)}» — не ОГРН")
    cut = ("ОГРН «{shown}» сохранён Excel как число в экспоненциальной форме, его последние цифры потеряны. Сделайте "
           "ячейку текстовой (формат ячейки «Текстовый» или апостроф ' перед номером) и введите ОГРН полностью — "
           "13 цифр")
    if isinstance(value, (int, float)):
        digits = str(int(value)) if float(value).is_integer() else ""
        # six zeros at the end — the record number's last five and the control digit — is what a cut number looks
        # like; a real ОГРН ends so about once in a million
        if len(digits) != 13 or digits.endswith("000000"):
            raise ValueError(cut.format(shown=_excel_shown(value)))
    else:
        raw = normalize.text(value)
        if _SCIENTIFIC.match(raw):
            raise ValueError(cut.format(shown=raw))
        digits = strip_identifier(raw)
    if not digits:
        return ""
    try:
        validate_ogrn(digits)
    except ValidationError as exc:
        raise ValueError(f"«{normalize.shown(value)}»: {exc.messages[0]}") from None
    return digits


def phone(value) -> str:
    raw = normalize.text(value)
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except ValidationError as exc:
        raise ValueError(f"«{raw}»: {exc.messages[0]}") from None


def email(value) -> str:
    raw = normalize.text(value)
    if raw:
        try:
            validate_email(raw)
        except ValidationError:
            raise ValueError(f"«{raw}» — не адрес электронной почты") from None
    return raw


def website(value) -> str:
    raw = normalize.text(value)
    if not raw:
        return ""
    url = raw if "://" in raw else f"https://{raw}"
    try:
        URLValidator()(url)
    except ValidationError:
        raise ValueError(f"«{raw}» — не адрес сайта") from None
    return url


COLUMNS = (
    Column("full_name", "Полное наименование*", required=True,
           aliases=("Полное наименование организации", "Наименование полное", "Наименование организации")),
    Column("short_name", "Краткое наименование",
           aliases=("Сокращённое наименование", "Краткое наименование организации", "Наименование краткое")),
    Column("kind", "Тип", _choice(_KINDS, Organisation.Kind.choices, "тип организации"),
           aliases=("Тип организации", "Вид организации", "Тип учреждения", "Вид учреждения")),
    Column("sector", "Отрасль", _choice(_SECTORS, Sector.choices, "отрасль")),
    Column("inn", "ИНН*", inn, required=True, aliases=("ИНН организации",)),
    Column("ogrn", "ОГРН*", ogrn, required=True, aliases=("ОГРН организации",)),
    Column("address", "Адрес", aliases=("Юридический адрес", "Адрес (место нахождения)", "Место нахождения",
                                        "Фактический адрес")),
    Column("head_position", "Должность руководителя"),
    Column("head_last_name", "Фамилия руководителя"),
    Column("head_first_name", "Имя руководителя"),
    Column("head_middle_name", "Отчество руководителя"),
    Column("phone", "Телефон", phone),
    Column("email", "Эл. почта", email, aliases=("Электронная почта", "E-mail", "Email")),
    Column("website", "Сайт", website, aliases=("Официальный сайт",)),
    Column("status", "Состояние", _choice(_STATUSES, Organisation.Status.choices, "состояние организации"),
           aliases=("Статус",)),
    Column("closed_on", "Дата закрытия (ДД.ММ.ГГГГ)", normalize.date),
    Column("municipality", "Муниципальное образование"),
)
TABLE = Table(COLUMNS, LIMITS, sheet="Организации")
# the fields a row sets, in the card's order; municipality and sector are resolved, not copied
FIELDS = ("full_name", "short_name", "kind", "sector", "inn", "ogrn", "address", "head_position", "head_last_name",
          "head_first_name", "head_middle_name", "phone", "email", "website", "status", "closed_on")
_MAX = {f.name: f.max_length for f in Organisation._meta.concrete_fields if f.name in FIELDS and f.max_length}


def build_template() -> bytes:
    return template.build(
        TABLE, heading="Реестр организаций: загрузка в «Ориентир»",
        note="Строка с ИНН, который уже есть в реестре, обновляет эту организацию (только заполненные ячейки); "
             "новый ИНН добавляет организацию. ИНН и ОГРН вводите текстом.",
        widths={"full_name": 50, "short_name": 30, "address": 36, "email": 24})


def _scope(user) -> dict:
    """What the user may give a new organisation: the municipalities and sectors of their choice."""
    return {"municipalities": {m.pk: m for m in municipalities_for(user)},
            "sectors": {value for value, _ in sectors_for(user)}}


def _chunks(values: list):
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start:start + _LOOKUP_CHUNK]


def check(data: bytes, user) -> tuple[Reading, list[dict]]:
    """The whole file checked as the import will write it: (the reading with every error placed, the records —
    {"op": "add" | "update" | "same", "row", "values" or "id", "version", "changes"})."""
    reading = engine.check(data, TABLE)
    rows = reading.rows + reading.partial
    rows.sort(key=lambda r: r.number)
    inns = sorted({r.values["inn"] for r in rows if r.values.get("inn")})
    ogrns = sorted({r.values["ogrn"] for r in rows if r.values.get("ogrn")})
    by_inn, by_ogrn = {}, {}
    for part in _chunks(inns):
        by_inn.update({o.inn: o for o in Organisation.objects.filter(inn__in=part)})
    for part in _chunks(ogrns):
        by_ogrn.update({o.ogrn: o for o in Organisation.objects.filter(ogrn__in=part).only("pk", "inn", "ogrn",
                                                                                            "short_name")})
    known = [o.pk for o in {**by_inn, **{o.inn: o for o in by_ogrn.values()}}.values()]
    visible = set()
    for part in _chunks(known):
        visible |= set(organisations_for(user).filter(pk__in=part).values_list("pk", flat=True))
    scope = _scope(user)
    towns = {}
    for town in Municipality.objects.all():
        for name in (town.name, town.short_name):
            if name:
                towns.setdefault(normalize.key(name), town)
    seen_inn, seen_ogrn, records = {}, {}, []
    for row in rows:
        record = _record(row, reading, user, scope, towns, by_inn, by_ogrn, visible, seen_inn, seen_ogrn)
        if record is not None and not row.failed:
            records.append(record)
    if reading.ok and not records:
        reading.error(0, None, "В файле нет ни одной строки с организацией.")
    return reading, records


def _record(row, reading, user, scope, towns, by_inn, by_ogrn, visible, seen_inn, seen_ogrn) -> dict | None:
    v, number = row.values, row.number
    before = reading.errors.total

    def error(code: str, message: str) -> None:
        if code not in row.failed:
            reading.error(number, code, message)

    for code, limit in _MAX.items():
        if isinstance(v.get(code), str) and len(v[code]) > limit:
            error(code, f"не длиннее {limit} знаков (сейчас {len(v[code])})")
    if v["inn"]:
        if v["inn"] in seen_inn:
            error("inn", f"ИНН {v['inn']} повторяется в файле: он уже указан в строке {seen_inn[v['inn']]}")
        else:
            seen_inn[v["inn"]] = number
    if v["ogrn"]:
        if v["ogrn"] in seen_ogrn:
            error("ogrn", f"ОГРН {v['ogrn']} повторяется в файле: он уже указан в строке {seen_ogrn[v['ogrn']]}")
        else:
            seen_ogrn[v["ogrn"]] = number
    existing = by_inn.get(v["inn"]) if v["inn"] else None
    if existing is not None and existing.pk not in visible:
        error("inn", "организация с этим ИНН уже есть в системе, но не входит в вашу область ведения (другое "
                     "муниципальное образование или отрасль); изменить её может специалист, который её ведёт, "
                     "или администратор")
        return None
    owner = by_ogrn.get(v["ogrn"]) if v["ogrn"] else None
    if owner is not None and v["inn"] and owner.inn != v["inn"]:
        who = f"организации «{owner.short_name}» (ИНН {owner.inn})" if owner.pk in visible else "другой организации"
        error("ogrn", f"ОГРН {v['ogrn']} уже принадлежит {who}: проверьте ИНН и ОГРН этой строки")

    town = None
    if v["municipality"]:
        town = towns.get(normalize.key(v["municipality"]))
        if town is None:
            error("municipality", f"«{v['municipality']}» нет в справочнике муниципальных образований")
        elif town.pk not in scope["municipalities"]:
            error("municipality", f"вы ведёте организации только муниципального образования "
                                  f"«{', '.join(str(m) for m in scope['municipalities'].values())}»")
    sector = v["sector"] or KIND_SECTOR.get(v["kind"], "")
    if existing is None:
        return _new(row, v, error, scope, town, sector) if reading.errors.total == before else None
    return _changed(row, v, error, scope, town, sector, existing) if reading.errors.total == before else None


def _new(row, v, error, scope, town, sector) -> dict | None:
    if town is None:
        if len(scope["municipalities"]) == 1:
            town = next(iter(scope["municipalities"].values()))
        else:
            error("municipality", "укажите муниципальное образование новой организации")
    if not v["kind"]:
        error("kind", "укажите тип новой организации")
    elif not sector:
        error("sector", "для типа «другое» укажите отрасль")
    elif sector not in scope["sectors"]:
        error("sector" if v["sector"] else "kind", _foreign_sector(scope, sector))
    status = v["status"] or Organisation.Status.ACTIVE
    if status == Organisation.Status.CLOSED and not v["closed_on"]:
        error("closed_on", "для закрытой организации укажите дату закрытия")
    if row.failed or town is None or not v["kind"] or not sector or sector not in scope["sectors"] \
            or (status == Organisation.Status.CLOSED and not v["closed_on"]):
        return None
    values = {name: v[name] for name in FIELDS if v.get(name) not in (None, "")}
    values.update(sector=sector, status=status, municipality_id=town.pk,
                  short_name=v["short_name"] or v["full_name"][:_MAX["short_name"]])
    if status == Organisation.Status.ACTIVE:
        values.pop("closed_on", None)
    return {"op": "add", "row": row.number, "values": values}


def _foreign_sector(scope: dict, sector: str) -> str:
    if len(scope["sectors"]) == 1:
        return (f"отрасль «{Sector(sector).label}»: вы ведёте организации только отрасли "
                f"«{Sector(next(iter(scope['sectors']))).label}»")
    return f"отрасль «{Sector(sector).label}» вам выбирать нельзя"


def _changed(row, v, error, scope, town, sector, org) -> dict | None:
    """The fields of an existing organisation that the row changes: filled cells that differ from the card."""
    wanted = {name: v[name] for name in FIELDS if v.get(name) not in (None, "")}
    if sector and sector != org.sector:
        if sector not in scope["sectors"]:
            error("sector" if v["sector"] else "kind", _foreign_sector(scope, sector))
            return None
        wanted["sector"] = sector
    else:
        wanted.pop("sector", None)
    if town is not None:
        wanted["municipality_id"] = town.pk
    status = wanted.get("status", org.status)
    if status == Organisation.Status.CLOSED and not (wanted.get("closed_on") or org.closed_on):
        error("closed_on", "для закрытой организации укажите дату закрытия")
        return None
    if status == Organisation.Status.ACTIVE:
        wanted["closed_on"] = None
    changes = {name: value for name, value in wanted.items() if getattr(org, name) != value}
    return {"op": "update" if changes else "same", "row": row.number, "id": org.pk, "version": org.version,
            "changes": changes}


def preview(records: list[dict]) -> Preview:
    add = sum(1 for r in records if r["op"] == "add")
    update = sum(1 for r in records if r["op"] == "update")
    return Preview(add=add, update=update, skip=len(records) - add - update, skip_why=SKIP_WHY)


def import_organisations(*, actor, data: bytes) -> Preview:
    """Add and update the file's organisations, all or nothing. The same file imported twice changes nothing."""
    try:
        return _write(actor, data)
    except IntegrityError:  # another user added the same ИНН or ОГРН between the check and the write
        errors = ErrorList()
        errors.append((0, "", "Пока файл проверялся, в реестре появилась организация с тем же ИНН или ОГРН. "
                              "Проверьте файл снова."))
        raise ImportRefused(errors) from None


@transaction.atomic
def _write(actor, data: bytes) -> Preview:
    reading, records = check(data, actor)
    if not reading.ok:
        raise ImportRefused(reading.errors)
    updates = [r for r in records if r["op"] == "update"]
    current = {}
    for part in _chunks([r["id"] for r in updates]):
        current.update(Organisation.objects.select_for_update(of=("self",)).select_related("municipality")
                       .in_bulk(part))
    stale = [r["row"] for r in updates if current[r["id"]].version != r["version"]]
    if stale:
        errors = ErrorList()
        errors.append((stale[0], "", "организацию изменили, пока файл проверялся; проверьте файл снова"))
        raise ImportRefused(errors)
    now = timezone.now()
    make = bulk.maker(Organisation)
    towns = Municipality.objects.in_bulk()
    added = []
    for record in records:
        if record["op"] == "add":
            org = make(**record["values"])
            org.refresh_derived()
            org._state.fields_cache["municipality"] = towns[org.municipality_id]  # for the audit's snapshot
            added.append(org)
    bulk.insert(added)
    changed, fields, entries = [], {"search_text", "sort_name", "version", "updated_at"}, []
    for record in updates:
        org = current[record["id"]]
        before = audit.snapshot(org)
        for name, value in record["changes"].items():
            setattr(org, name, value)
            fields.add(name)
        org.refresh_derived()
        org.version += 1
        org.updated_at = now
        changed.append(org)
        entries.append(_entry(actor, "directory.organisation.updated", org,
                              audit.diff(before, audit.snapshot(org))))
    if changed:
        Organisation.objects.bulk_update(changed, sorted(fields), batch_size=500)
    entries[:0] = [_entry(actor, "directory.organisation.created", org, audit.diff({}, audit.snapshot(org)))
                   for org in added]
    AuditEntry.objects.bulk_create(entries, batch_size=1_000)
    done = Preview(add=len(added), update=len(changed), skip=len(records) - len(added) - len(changed),
                   skip_why=SKIP_WHY)
    audit.record(actor=actor, action="directory.organisations.imported", object_repr="Реестр организаций",
                 changes={"Добавлено организаций": [None, done.add], "Обновлено": [None, done.update],
                          "Без изменений": [None, done.skip]})
    return done


def _entry(actor, action: str, org: Organisation, changes: dict) -> AuditEntry:
    """What audit.record writes for the card's own create and edit, built for one bulk insert."""
    from django.contrib.contenttypes.models import ContentType

    name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        name = actor.get_full_name() or actor.get_username()
    return AuditEntry(actor=actor if name else None, actor_name=(name or "Система")[:300], action=action,
                      content_type=ContentType.objects.get_for_model(Organisation), object_id=str(org.pk),
                      object_repr=str(org)[:500], changes=changes)


def _user(context: dict):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=context["user"])


SPEC = register(Import(
    kind="organisations", noun="организаций", limits=LIMITS,
    check=lambda data, context: check(data, _user(context)),
    preview=lambda records, context: preview(records),
    write=lambda *, actor, data, context: import_organisations(actor=actor, data=data)))
