"""Exports of the directory: reports that yield rows, rendered by the shared XLSX renderer."""

from django.db.models import QuerySet

from orientir.core.tables import Column, Report, iter_rows, xlsx_response  # noqa: F401 - re-exported

ORGANISATION_COLUMNS = [
    Column("№", 6, "number"), Column("Краткое наименование", 30), Column("Полное наименование", 50),
    Column("Тип", 22), Column("Отрасль", 20), Column("ИНН", 13), Column("ОГРН", 16), Column("Адрес", 40),
    Column("Руководитель", 30), Column("Телефон", 18), Column("Эл. почта", 24),
    Column("Заказчик целевого обучения", 14), Column("Состояние", 12), Column("Муниципальное образование", 22),
]


def _org_row(counter):
    def build(o):
        counter[0] += 1
        head = " ".join(p for p in (o.head_position + ":" if o.head_position else "", o.head_full_name) if p)
        return (counter[0], o.short_name, o.full_name, o.get_kind_display(), o.get_sector_display(), o.inn,
                o.ogrn, o.address, head, o.phone, o.email, o.is_customer, o.get_status_display(),
                str(o.municipality))
    return build


def organisations_report(qs: QuerySet) -> Report:
    return Report(title="Реестр организаций социальной сферы", columns=ORGANISATION_COLUMNS,
                  rows=iter_rows(qs, _org_row([0])), filename="organisations")


CUSTOMER_COLUMNS = [
    Column("№", 6, "number"), Column("Муниципальное образование", 22), Column("Полное наименование", 50),
    Column("Отрасль", 20), Column("ИНН", 13), Column("ОГРН", 16), Column("Адрес", 40),
    Column("Руководитель", 30), Column("Телефон", 18), Column("Эл. почта", 24), Column("Заказчик с", 12, "date"),
]


def customers_report(qs: QuerySet) -> Report:
    counter = [0]

    def build(o):
        counter[0] += 1
        return (counter[0], str(o.municipality), o.full_name, o.get_sector_display(), o.inn, o.ogrn, o.address,
                o.head_full_name, o.phone, o.email, o.customer_since)

    return Report(
        title="Муниципальная база данных организаций социальной сферы — заказчиков целевого обучения",
        subtitle="Сведения для отраслевых исполнительных органов государственной власти (п. 1.3 циклограммы)",
        columns=CUSTOMER_COLUMNS, rows=iter_rows(qs, build), filename="customers")


def reference_report(ref, qs: QuerySet) -> Report:
    return Report(title=ref.title, columns=[Column(c, 24) for c in ref.columns],
                  rows=(tuple(ref.cells(obj)) for obj in qs), filename=ref.slug)
