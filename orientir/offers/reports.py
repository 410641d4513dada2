"""The offers' tables as reports (orientir.core.tables): the file for «Работа в России», the registries, the coverage
«потребность → предложения → заявки → договоры»."""

from orientir.core.tables import Column, Report, iter_rows

from .models import OfferCampaign


def _yes(value: bool) -> str:
    return "Да" if value else "Нет"


def platform_report(campaign: OfferCampaign, offers) -> Report:
    """Approved offers, one row each, with the fields the platform's offer form asks for, in its order."""
    rows = iter_rows(offers, lambda o: (
        o.number, o.customer.full_name, o.customer.inn, o.customer.ogrn, o.customer.address,
        o.education_organisation, o.specialty.code, o.specialty.name, o.get_level_display(),
        o.get_study_form_display(), _yes(o.is_quota), o.contracts_count, o.support_measures, o.monthly_payment,
        o.work_place,
        o.work_position, o.work_years, o.requirements, o.contact, o.platform_number))
    return Report(
        title="Предложения о заключении договора о целевом обучении для размещения на «Работа в России»",
        subtitle=f"{campaign.municipality.name}, приём {campaign.year} года; в пределах квоты — до "
                 f"{campaign.placement_deadline:%d.%m.%Y}",
        filename=f"offers-trudvsem-{campaign.year}",
        columns=[Column("Номер предложения", 12), Column("Заказчик (полное наименование)", 40), Column("ИНН", 12),
                 Column("ОГРН", 15), Column("Адрес заказчика", 30), Column("Образовательная организация", 36),
                 Column("Код специальности (направления)", 12), Column("Наименование специальности", 32),
                 Column("Уровень образования", 18), Column("Форма обучения", 12),
                 Column("В пределах квоты", 10), Column("Количество договоров", 10, "number"),
                 Column("Меры поддержки", 40), Column("Ежемесячная выплата, руб.", 12, "money"),
                 Column("Место трудовой деятельности", 36),
                 Column("Должность (профессия)", 24), Column("Срок трудовой деятельности, лет", 10, "number"),
                 Column("Требования к кандидатам", 36), Column("Контакты", 30),
                 Column("Номер на «Работа в России»", 16)],
        rows=rows,
        notes=["Одна строка — одно согласованное предложение. Номер на платформе вносится после размещения."])


def offers_report(campaign: OfferCampaign, offers) -> Report:
    return Report(
        title=f"Предложения о целевом обучении, приём {campaign.year} года", filename=f"offers-{campaign.year}",
        subtitle=campaign.municipality.name,
        columns=[Column("Номер", 10), Column("Состояние", 18), Column("Заказчик", 30),
                 Column("Образовательная организация", 32), Column("Специальность", 36), Column("Уровень", 16),
                 Column("Форма", 12), Column("Квота", 8), Column("Договоров", 10, "number"),
                 Column("Заявок", 10, "number"), Column("Потребность по прогнозу", 36),
                 Column("Номер на «Работа в России»", 16), Column("Дата размещения", 12, "date")],
        rows=iter_rows(offers, lambda o: (
            o.number, o.get_status_display(), o.customer.short_name, o.education_organisation, str(o.specialty),
            o.get_level_display(), o.get_study_form_display(), _yes(o.is_quota), o.contracts_count,
            o.applications_count, str(o.target) if o.target_id else "", o.platform_number, o.placed_on)))


def applications_report(campaign: OfferCampaign, applications) -> Report:
    return Report(
        title=f"Заявки на предложения о целевом обучении, приём {campaign.year} года",
        filename=f"offer-applications-{campaign.year}", subtitle=campaign.municipality.name,
        columns=[Column("Фамилия", 16), Column("Имя", 14), Column("Отчество", 16), Column("Дата рождения", 12, "date"),
                 Column("Предложение", 10), Column("Заказчик", 28), Column("Специальность", 34),
                 Column("Дата подачи", 12, "date"), Column("Статус", 14), Column("Номер заявки", 16),
                 Column("Сопоставление", 22), Column("Обучающийся целевой базы (школа)", 36)],
        rows=iter_rows(applications, lambda a: (
            a.last_name, a.first_name, a.middle_name, a.birth_date, a.offer.number, a.offer.customer.short_name,
            str(a.offer.specialty), a.applied_on, a.get_status_display(), a.platform_number, a.get_match_display(),
            f"{a.pupil.full_name} ({a.pupil.organisation.short_name})" if a.pupil_id else "")))


def applications_print(campaign: OfferCampaign, applications, offer=None) -> Report:
    """The applications list to print and sign off: of one offer (its terms in the subtitle) or of the campaign
    (filtered as the page is), with the count of each status under it."""
    from collections import Counter

    from .models import Application

    rows = list(applications)
    counts = Counter(a.status for a in rows)
    summary = "; ".join(f"{label.lower()} — {counts[value]}" for value, label in Application.Status.choices
                        if counts[value])
    if offer is not None:
        title = f"Заявки на предложение о целевом обучении № {offer.number}"
        subtitle = (f"{offer.customer.short_name}; {offer.specialty.code} {offer.specialty.name} "
                    f"({offer.get_level_display()}, {offer.get_study_form_display().lower()}), "
                    f"{offer.education_organisation}; договоров — {offer.contracts_count}; "
                    f"{'в пределах квоты' if offer.is_quota else 'вне квоты'}"
                    + (f"; на «Работа в России» — № {offer.platform_number}" if offer.platform_number else ""))
    else:
        title = f"Заявки на предложения о целевом обучении, приём {campaign.year} года"
        subtitle = campaign.municipality.name
    columns = [Column("№", 4, "number"), Column("Поступающий", 30), Column("Дата рождения", 12, "date"),
               Column("Дата подачи", 12, "date"), Column("Номер заявки", 14), Column("Статус", 14),
               Column("Обучающийся целевой базы (школа)", 34)]
    if offer is None:
        columns.insert(4, Column("Предложение", 30))
    table = []
    for n, a in enumerate(rows, start=1):
        pupil = a.get_match_display()
        if a.pupil_id:
            pupil = f"{a.pupil.full_name} ({a.pupil.organisation.short_name})"
            if a.match == Application.Match.UNCERTAIN:  # a candidate, not yet the applicant
                pupil = f"Требует подтверждения: {pupil}"
        row = [n, a.full_name, a.birth_date, a.applied_on, a.platform_number, a.get_status_display(), pupil]
        if offer is None:
            row.insert(4, f"№ {a.offer.number}, {a.offer.specialty.code}, {a.offer.customer.short_name}")
        table.append(tuple(row))
    return Report(
        title=title, subtitle=subtitle, columns=columns, rows=table,
        filename=f"offer-{offer.number}-applications" if offer is not None else f"offer-applications-{campaign.year}",
        notes=[f"Всего заявок: {len(rows)}" + (f" ({summary})." if summary else "."),
               "Сопоставление с целевой базой (п. 2.8.1) — по фамилии, имени, отчеству и дате рождения; "
               "сомнительные совпадения подтверждает Комитет."])


def coverage_report(campaign: OfferCampaign, data: dict) -> Report:
    columns = [Column("Потребность (отрасль, должность, уровень, группа)", 60),
               Column("Потребность", 12, "number"), Column("Предложено договоров", 12, "number"),
               Column("Не покрыто", 12, "number"), Column("Предложений", 12, "number"),
               Column("Подано заявок", 12, "number"), Column("Заключено договоров", 12, "number")]

    def rows(items):
        return [(r.label, r.need, r.offered, r.uncovered, r.offers, r.applications, r.contracts) for r in items]

    total = data["total"]
    customers = [(f"Заказчик: {r.label}", None, r.offered, None, r.offers, r.applications, r.contracts)
                 for r in data["customers"]]
    return Report(
        title=f"Потребность → предложения → заявки → договоры, приём {campaign.year} года",
        subtitle=campaign.municipality.name, filename=f"offers-coverage-{campaign.year}", columns=columns,
        rows=rows(data["targets"]) + [(total.label, total.need, total.offered, None, total.offers,
                                       total.applications, total.contracts)] + customers,
        notes=["Предложено — договоры в согласованных и размещённых предложениях; заявки — кроме отозванных; "
               "заключено — договоры, оформленные по предложениям кампании и подписанные. Строки «Заказчик: …» — "
               "те же предложения по заказчикам."])


def not_applied_report(campaign: OfferCampaign, entries) -> Report:
    return Report(
        title=f"Обучающиеся целевой базы без заявки на предложения, приём {campaign.year} года",
        subtitle=f"{campaign.municipality.name}; срок размещения предложений — {campaign.placement_deadline:%d.%m.%Y}",
        filename=f"offers-not-applied-{campaign.year}",
        columns=[Column("Школа", 28), Column("Фамилия", 16), Column("Имя", 14), Column("Отчество", 16),
                 Column("Класс", 8), Column("Желаемая специальность", 36), Column("Уровень", 14),
                 Column("Состояние в базе", 20)],
        rows=iter_rows(entries, lambda e: (
            e.pupil.organisation.short_name, e.pupil.last_name, e.pupil.first_name, e.pupil.middle_name,
            e.pupil.class_label, str(e.specialty), e.get_level_display(), e.get_status_display())))
