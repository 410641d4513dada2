"""Target contracts (договоры о целевом обучении): parties, terms and the lifecycle with its history.

The state machine lives in `lifecycle.py` (allowed transitions) and `services.transition` (the only writer of
`state`); every change of state leaves a ContractEvent with date, reason and details.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from orientir.core.text import natural_key, search_blob

from .validators import validate_snils
from orientir.directory.models import EducationLevel, Municipality, Organisation, Position, Specialty


class Regime(models.TextChoices):
    """The legal act the contract falls under: № 555 for new contracts, earlier ones for imported contracts."""

    PP555 = "pp555", "Постановление Правительства РФ от 27.04.2024 № 555"
    PP1681 = "pp1681", "Постановление Правительства РФ от 13.10.2020 № 1681"
    PP302 = "pp302", "Постановление Правительства РФ от 21.03.2019 № 302"
    PP1076 = "pp1076", "Постановление Правительства РФ от 27.11.2013 № 1076"


class State(models.TextChoices):
    DRAFT = "draft", "Проект"
    SIGNED = "signed", "Заключён"
    ADMITTED = "admitted", "Зачислен на обучение"
    NOT_ADMITTED = "not_admitted", "Не зачислен"
    STUDYING = "studying", "Обучается"
    SUSPENDED = "suspended", "Исполнение приостановлено"
    GRADUATED = "graduated", "Завершил обучение"
    EMPLOYED = "employed", "Трудоустроен"
    FULFILLED = "fulfilled", "Обязательство исполнено"
    RELEASED = "released", "Освобождён от обязательств"
    TERMINATED = "terminated", "Расторгнут"
    BREACHED = "breached", "Нарушен гражданином"


class Kind(models.TextChoices):
    GRADUATE = "graduate", "С выпускником школы (п. 2.9)"
    STUDENT = "student", "Со студентом 2-го курса и старше (п. 2.11)"


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", "Очная"
    PART_TIME = "part_time", "Очно-заочная"
    EXTRAMURAL = "extramural", "Заочная"


class BudgetSource(models.TextChoices):
    FEDERAL = "federal", "Федеральный бюджет"
    REGIONAL = "regional", "Бюджет субъекта РФ"
    LOCAL = "local", "Местный бюджет"
    PAID = "paid", "За счёт средств физических и (или) юридических лиц"


class Contract(models.Model):
    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование", on_delete=models.PROTECT,
                                     related_name="contracts")
    number = models.CharField("Номер договора", max_length=40)
    kind = models.CharField("Вид договора", max_length=10, choices=Kind.choices, default=Kind.GRADUATE)
    regime = models.CharField("Правовой режим", max_length=10, choices=Regime.choices, default=Regime.PP555)
    state = models.CharField("Состояние", max_length=14, choices=State.choices, default=State.DRAFT, editable=False)
    # The state before a suspension, restored when it ends.
    state_before_suspension = models.CharField(max_length=14, choices=State.choices, blank=True, editable=False)
    signed_on = models.DateField("Дата заключения", null=True, blank=True)

    # Parties. The customer is a municipal organisation, or the Committee itself when empty.
    customer = models.ForeignKey(Organisation, verbose_name="Заказчик (пусто — Комитет)", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="customer_contracts")
    employer = models.ForeignKey(Organisation, verbose_name="Работодатель (если не заказчик)", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="employer_contracts")
    pupil = models.ForeignKey("guidance.Pupil", verbose_name="Обучающийся (из реестра)", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="contracts")
    last_name = models.CharField("Фамилия гражданина", max_length=100)
    first_name = models.CharField("Имя гражданина", max_length=100)
    middle_name = models.CharField("Отчество гражданина", max_length=100, blank=True)
    birth_date = models.DateField("Дата рождения")
    snils = models.CharField("СНИЛС", max_length=14, blank=True, validators=[validate_snils])
    passport_number = models.CharField("Паспорт: серия и номер", max_length=20, blank=True)
    passport_issued_by = models.CharField("Паспорт: кем выдан", max_length=300, blank=True)
    passport_issued_on = models.DateField("Паспорт: дата выдачи", null=True, blank=True)
    address = models.CharField("Адрес регистрации", max_length=500, blank=True)
    phone = models.CharField("Телефон", max_length=30, blank=True)
    email = models.EmailField("Электронная почта", blank=True)
    # Who signs for the customer («в лице директора …»); empty — the head named on the organisation's card.
    signatory_position = models.CharField("Должность подписанта заказчика", max_length=200, blank=True)
    signatory_name = models.CharField("ФИО подписанта заказчика", max_length=300, blank=True)
    education_is_party = models.BooleanField("Образовательная организация — сторона договора", default=False)
    employer_is_party = models.BooleanField("Работодатель — сторона договора", default=False)

    # Terms of study.
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность (направление подготовки)",
                                  on_delete=models.PROTECT, related_name="+")
    level = models.CharField("Уровень образования", max_length=12, choices=EducationLevel.choices)
    study_form = models.CharField("Форма обучения", max_length=12, choices=StudyForm.choices,
                                  default=StudyForm.FULL_TIME)
    education_organisation = models.CharField("Образовательная организация", max_length=300, blank=True)
    profile = models.CharField("Направленность (профиль) программы", max_length=300, blank=True)
    is_quota = models.BooleanField("В пределах квоты приёма на целевое обучение", default=False)
    budget_source = models.CharField("Источник финансирования обучения", max_length=10, choices=BudgetSource.choices,
                                     default=BudgetSource.FEDERAL)
    course_at_signing = models.PositiveSmallIntegerField("Курс на дату заключения", null=True, blank=True)
    academic_requirements = models.TextField("Требования к успеваемости", blank=True)
    practice_obligations = models.TextField("Организация практики", blank=True)
    trudvsem_offer = models.CharField("Номер предложения на «Работа в России»", max_length=60, blank=True)
    trudvsem_application = models.CharField("Номер заявки на «Работа в России»", max_length=60, blank=True)
    # The offer and application the contract was drafted from (orientir.offers); the text numbers above stay for
    # contracts made before offers were kept here.
    offer = models.ForeignKey("offers.Offer", verbose_name="Предложение о целевом обучении", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="contracts", editable=False)
    application = models.ForeignKey("offers.Application", verbose_name="Заявка на предложение", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="contracts", editable=False)

    # Terms of work.
    work_organisation = models.ForeignKey(Organisation, verbose_name="Место работы", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="work_contracts")
    work_position = models.ForeignKey(Position, verbose_name="Должность", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    work_start_deadline = models.DateField("Срок трудоустройства (не позднее)", null=True, blank=True)
    work_years = models.PositiveSmallIntegerField("Срок отработки, лет", default=3)
    # The work clock: the day work started and the days it stood still during suspensions.
    work_started_on = models.DateField("Дата начала работы", null=True, blank=True, editable=False)
    suspended_days = models.PositiveIntegerField("Дней приостановления", default=0, editable=False)

    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=320, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("Создан", auto_now_add=True)
    updated_at = models.DateTimeField("Изменён", auto_now=True)

    class Meta:
        verbose_name = "Договор о целевом обучении"
        verbose_name_plural = "Договоры о целевом обучении"
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["municipality", "state"], name="contract_scope_idx"),
                   models.Index(fields=["sort_name", "id"], name="contract_sort_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="contract_number_unique"),
            models.CheckConstraint(condition=Q(work_years__gte=3, work_years__lte=5), name="contract_work_3_5_years"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.citizen_name}"

    @property
    def citizen_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def customer_name(self) -> str:
        return self.customer.short_name if self.customer_id else "Комитет образования, культуры, спорта и работы с молодёжью"

    def refresh_derived(self) -> None:
        self.search_text = search_blob(self.number, self.last_name, self.first_name, self.middle_name)
        self.sort_name = natural_key(f"{self.last_name} {self.first_name} {self.middle_name}")[:320]

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class ContractEvent(models.Model):
    """One step of a contract's history: a change of state (or a note such as a supplementary agreement)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField("Из состояния", max_length=14, choices=State.choices, blank=True)
    to_state = models.CharField("В состояние", max_length=14, choices=State.choices, blank=True)
    on = models.DateField("Дата")
    reason = models.CharField("Основание", max_length=500, blank=True)
    details = models.JSONField("Подробности", default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Событие договора"
        verbose_name_plural = "История договора"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["to_state", "on"], name="contract_event_state_idx")]


# --- Parties' details, terms, consent, support, agreements, liability (migration 0002) ----------------------

class RepresentativeConsent(models.Model):
    """Written consent of a minor citizen's legal representative to conclude the contract (ст. 26 ГК РФ)."""

    class Relation(models.TextChoices):
        MOTHER = "mother", "Мать"
        FATHER = "father", "Отец"
        GUARDIAN = "guardian", "Опекун"
        TRUSTEE = "trustee", "Попечитель"
        OTHER = "other", "Иной законный представитель"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="representative_consents")
    last_name = models.CharField("Фамилия представителя", max_length=100)
    first_name = models.CharField("Имя представителя", max_length=100)
    middle_name = models.CharField("Отчество представителя", max_length=100, blank=True)
    relation = models.CharField("Кем приходится", max_length=10, choices=Relation.choices)
    document = models.CharField("Документ, удостоверяющий личность и полномочия", max_length=300)
    given_on = models.DateField("Дата согласия")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A consent entered by mistake is annulled, not deleted: the record of what was entered and why it does not
    # count stays (audited); an annulled consent is never cited and never allows a signing.
    annulled_on = models.DateField("Аннулировано", null=True, blank=True)
    annulment_reason = models.CharField("Причина аннулирования", max_length=300, blank=True)
    annulled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = "Согласие законного представителя"
        verbose_name_plural = "Согласия законных представителей"
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display().lower()}), {self.given_on:%d.%m.%Y}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class SupportMeasure(models.Model):
    """A measure of support the customer provides while the citizen studies (п. 2 ч. 1 ст. 71.1 273-ФЗ)."""

    class MeasureKind(models.TextChoices):
        STIPEND = "stipend", "Стипендия / доплата к стипендии"
        HOUSING = "housing", "Оплата проживания"
        TRAVEL = "travel", "Оплата проезда"
        OTHER = "other", "Иная мера поддержки"

    class Period(models.TextChoices):
        MONTHLY = "monthly", "ежемесячно"
        SEMESTER = "semester", "за семестр"
        YEARLY = "yearly", "ежегодно"
        ONCE = "once", "единовременно"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="support_measures")
    kind = models.CharField("Мера поддержки", max_length=10, choices=MeasureKind.choices)
    amount = models.DecimalField("Размер, руб.", max_digits=12, decimal_places=2)
    period = models.CharField("Периодичность", max_length=10, choices=Period.choices, default=Period.MONTHLY)
    description = models.CharField("Условия предоставления", max_length=300, blank=True)

    class Meta:
        verbose_name = "Мера поддержки"
        verbose_name_plural = "Меры поддержки"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="support_amount_non_negative")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} руб. {self.get_period_display()}"


class SupplementaryAgreement(models.Model):
    """Дополнительное соглашение: what changed in words, and the terms it changed (field → [before, after])."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="agreements")
    number = models.CharField("Номер соглашения", max_length=40)
    signed_on = models.DateField("Дата соглашения")
    summary = models.TextField("Что изменено")
    applied_changes = models.JSONField("Изменённые условия", default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Дополнительное соглашение"
        verbose_name_plural = "Дополнительные соглашения"
        ordering = ["signed_on", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="agreement_number_unique")]

    def __str__(self) -> str:
        return f"Дополнительное соглашение № {self.number} от {self.signed_on:%d.%m.%Y}"


class LiabilityRule(models.Model):
    """How the fine is computed for a regime under a municipal act: fine = multiplier × support paid.

    The act sets the amount for municipal budgets (ч. 6 ст. 71.1 273-ФЗ); the administrator keeps the table.
    """

    regime = models.CharField("Правовой режим", max_length=10, choices=Regime.choices, unique=True)
    fine_multiplier = models.DecimalField("Штраф: кратность сумме выплаченной поддержки", max_digits=6,
                                          decimal_places=3, default=0)
    rule_text = models.TextField("Порядок расчёта (текст)")
    act_reference = models.CharField("Муниципальный правовой акт", max_length=300)
    updated_at = models.DateTimeField("Изменено", auto_now=True)

    class Meta:
        verbose_name = "Правило расчёта ответственности"
        verbose_name_plural = "Правила расчёта ответственности"
        ordering = ["regime"]
        constraints = [models.CheckConstraint(condition=Q(fine_multiplier__gte=0), name="liability_multiplier_gte0")]

    def __str__(self) -> str:
        return f"{self.get_regime_display()}: {self.act_reference}"


class Liability(models.Model):
    """What the citizen owes after a breach or one-sided termination: support to repay and a fine."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="liabilities")
    event = models.OneToOneField(ContractEvent, on_delete=models.CASCADE, related_name="liability")
    support_to_repay = models.DecimalField("Возмещение расходов на меры поддержки, руб.", max_digits=12,
                                           decimal_places=2)
    fine = models.DecimalField("Штраф, руб.", max_digits=12, decimal_places=2)
    rule_text = models.TextField("Порядок расчёта", blank=True)
    act_reference = models.CharField("Основание расчёта", max_length=300, blank=True)
    computed_on = models.DateField("Дата расчёта")

    class Meta:
        verbose_name = "Ответственность гражданина"
        verbose_name_plural = "Ответственность граждан"
        ordering = ["-computed_on", "-id"]

    def __str__(self) -> str:
        return f"К возмещению {self.support_to_repay} руб., штраф {self.fine} руб."

    @property
    def total(self):
        return self.support_to_repay + self.fine


# --- Addresses and bank details of the parties (section X of the typical form), migration 0006 ----------------

_DIGITS = {n: RegexValidator(rf"^\d{{{n}}}$", f"Ровно {n} цифр.") for n in (9, 10, 13, 20)}


class BankDetails(models.Model):
    """Payment details a legal person signs a contract with. Bank, БИК and account are required in a document;
    КПП and the personal (treasury) account are printed when given."""

    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[_DIGITS[9]])
    bank_name = models.CharField("Банк", max_length=300, blank=True,
                                 help_text="Например, «Отделение Кострома Банка России // УФК по Костромской области».")
    bik = models.CharField("БИК", max_length=9, blank=True, validators=[_DIGITS[9]])
    account = models.CharField("Расчётный (казначейский) счёт", max_length=20, blank=True, validators=[_DIGITS[20]])
    corr_account = models.CharField("Корреспондентский счёт (единый казначейский счёт)", max_length=20, blank=True,
                                    validators=[_DIGITS[20]])
    personal_account = models.CharField("Лицевой счёт", max_length=30, blank=True,
                                        help_text="Для казённых и бюджетных учреждений — лицевой счёт в финансовом "
                                                  "органе или казначействе.")
    updated_at = models.DateTimeField("Изменено", auto_now=True)

    BANK_REQUIRED = (("bank_name", "банк"), ("bik", "БИК"), ("account", "расчётный (казначейский) счёт"))

    class Meta:
        abstract = True

    def missing_bank(self) -> list[str]:
        return [what for attr, what in self.BANK_REQUIRED if not getattr(self, attr).strip()]

    def bank_lines(self) -> list[str]:
        lines = [f"р/с {self.account}"]
        if self.personal_account:
            lines.append(f"л/с {self.personal_account}")
        lines.append(f"Банк: {self.bank_name}")
        lines.append(f"БИК {self.bik}" + (f", к/с {self.corr_account}" if self.corr_account else ""))
        return lines


class OrganisationRequisites(BankDetails):
    """Bank details of a municipal organisation (a customer or an employer), the same in each of its contracts."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="contract_requisites")

    class Meta:
        verbose_name = "Реквизиты организации для договоров"
        verbose_name_plural = "Реквизиты организаций для договоров"

    def __str__(self) -> str:
        return f"Реквизиты: {self.organisation.short_name}"


class MunicipalContractSettings(BankDetails):
    """What contracts of a municipality share: the subject of the Federation the workplaces are in and the
    Committee's own details for contracts where the Committee is the customer."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="contract_settings")
    region = models.CharField("Субъект Российской Федерации", max_length=200, blank=True,
                              help_text="Где находятся места работы по договорам, например «Костромская область».")
    committee_address = models.CharField("Адрес Комитета", max_length=500, blank=True)
    committee_inn = models.CharField("ИНН Комитета", max_length=10, blank=True, validators=[_DIGITS[10]])
    committee_ogrn = models.CharField("ОГРН Комитета", max_length=13, blank=True, validators=[_DIGITS[13]])

    class Meta:
        verbose_name = "Настройки договоров муниципального образования"
        verbose_name_plural = "Настройки договоров муниципальных образований"

    def __str__(self) -> str:
        return f"Настройки договоров: {self.municipality}"


class EducationRequisites(BankDetails):
    """An educational organisation that is a party to contracts (a college, a university — not in the municipal
    directory): found by its full name as the contract gives it, the same for each of its contracts."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Полное наименование", max_length=300)
    address = models.CharField("Адрес (местонахождение)", max_length=500, blank=True)
    inn = models.CharField("ИНН", max_length=10, blank=True, validators=[_DIGITS[10]])
    ogrn = models.CharField("ОГРН", max_length=13, blank=True, validators=[_DIGITS[13]])
    signatory_position = models.CharField("Должность подписанта", max_length=200, blank=True, default="Директор")
    signatory_name = models.CharField("ФИО подписанта", max_length=300, blank=True)
    basis = models.CharField("Действует на основании", max_length=200, default="Устава",
                             help_text="В родительном падеже: «Устава», «доверенности от 10.01.2026 № 5».")

    class Meta:
        verbose_name = "Реквизиты образовательной организации"
        verbose_name_plural = "Реквизиты образовательных организаций"
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="education_requisites_unique")]

    def __str__(self) -> str:
        return f"Реквизиты: {self.name}"


class DocumentTemplate(models.Model):
    """A version of a municipality's contract template (DOCX for docxtpl), uploaded by the committee. Versions are
    never changed or deleted: a new upload or a restored version is a new row, and exactly one is in force. Without
    any, the repository's template (contracts/doc_templates/contract.docx) is used."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField("Версия")
    content = models.BinaryField("Файл шаблона")
    filename = models.CharField("Имя файла", max_length=200)
    size = models.PositiveIntegerField("Размер, байт")
    note = models.CharField("Что изменено", max_length=500, blank=True)
    restored_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name="Восстановлена из версии")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("Загружена")
    is_active = models.BooleanField("Действует", default=False)

    class Meta:
        verbose_name = "Шаблон договора"
        verbose_name_plural = "Шаблоны договоров"
        ordering = ["municipality", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "version"], name="document_template_version_unique"),
            models.UniqueConstraint(fields=["municipality"], condition=Q(is_active=True),
                                    name="document_template_one_active"),
        ]

    def __str__(self) -> str:
        return f"Шаблон договора, версия {self.version}"
