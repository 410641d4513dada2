"""Forms of the contracts pages. Labels come from the models' verbose names; services do the rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from orientir.accounts import access
from orientir.core.validators import normalize_phone
from orientir.core.widgets import lean_choices
from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Position, Specialty

from . import services
from .models import (Contract, EducationRequisites, LiabilityRule, MunicipalContractSettings, OrganisationRequisites,
                     RepresentativeConsent, State, SupportMeasure)
from .validators import normalize_snils

PERSON_FIELDS = ["last_name", "first_name", "middle_name", "birth_date", "snils", "passport_number",
                 "passport_issued_by", "passport_issued_on", "address", "phone", "email", "pupil"]
CONTRACT_FIELDS = ["number", "kind", "regime", "signed_on", "customer", "signatory_position", "signatory_name",
                   *PERSON_FIELDS,
                   "specialty", "study_form", "education_organisation", "education_is_party", "profile",
                   "is_quota", "budget_source", "course_at_signing", "academic_requirements", "practice_obligations",
                   "employer", "employer_is_party", "work_organisation", "work_position", "work_start_deadline",
                   "work_years", "trudvsem_offer", "trudvsem_application"]
WIDE = ["academic_requirements", "practice_obligations", "address", "passport_issued_by"]


class _Styled(BootstrapMixin):
    def _setup(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        self._style()


class ContractForm(_Styled, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contract
        fields = CONTRACT_FIELDS
        widgets = {"academic_requirements": forms.Textarea(attrs={"rows": 2}),
                   "practice_obligations": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"signed_on": "Заполняется для договоров, заключённых ранее (перенос в систему); для нового "
                                   "договора дата ставится действием «Заключён».",
                      "regime": "Новые договоры — № 555; прежние акты — только для договоров, заключённых до 01.05.2024.",
                      "course_at_signing": "Только для договора со студентом (п. 2.11): со 2-го курса.",
                      "signatory_name": "Пусто — руководитель заказчика по карточке организации.",
                      "snils": "11 цифр, проверяется контрольное число."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = access.organisations_for(user).order_by("sort_name")
        self.fields["customer"].queryset = orgs.filter(is_customer=True)
        self.fields["customer"].empty_label = "Комитет образования, культуры, спорта и работы с молодёжью"
        self.fields["employer"].queryset = orgs
        self.fields["work_organisation"].queryset = orgs
        self.fields["work_position"].queryset = Position.objects.filter(is_active=True).order_by("name")
        self.fields["specialty"].queryset = Specialty.objects.filter(valid_to__isnull=True).order_by("code", "level")
        self.fields["pupil"].queryset = (access.pupils_for(user).filter(grade__in=[9, 10, 11])
                                         .select_related("organisation").order_by("sort_name"))
        self.fields["pupil"].label_from_instance = lambda p: f"{p.full_name} — {p.organisation.short_name}, " \
                                                             f"{p.class_label or ''}"
        # thousands of options: their labels need a few columns, not every column of every row
        for name in ("customer", "employer", "work_organisation"):
            lean_choices(self.fields[name], "pk", "short_name")
        lean_choices(self.fields["pupil"], "pk", "last_name", "first_name", "middle_name", "grade", "class_letter",
                     "organisation__short_name")
        self.fields["course_at_signing"].widget = forms.Select(choices=[("", "—")] + [(c, c) for c in range(2, 7)])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.state != State.DRAFT:
                for name in services.TERM_FIELDS:
                    self.fields.pop(name, None)
        self._setup()

    def clean_snils(self):
        value = self.cleaned_data.get("snils", "")
        return normalize_snils(value) if value else ""

    def clean_work_years(self):
        value = self.cleaned_data.get("work_years")
        if value is not None and not 3 <= value <= 5:
            raise ValidationError("Срок отработки — от 3 до 5 лет (ч. 1 ст. 71.1 273-ФЗ, Положение № 555).")
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return normalize_phone(value) if value else ""

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        today = datetime.date.today()
        if value and not (today.year - 60 <= value.year <= today.year - 13):
            raise ValidationError("Проверьте дату рождения: возраст гражданина вне 13–60 лет.")
        return value

    def payload(self) -> dict:
        d = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if d.get("specialty"):
            d["level"] = d["specialty"].level
        return d


class ConsentForm(_Styled, forms.ModelForm):
    class Meta:
        model = RepresentativeConsent
        fields = ["last_name", "first_name", "middle_name", "relation", "document", "given_on"]
        help_texts = {"document": "Например: паспорт 34 12 345678, выдан …; для опекуна — акт о назначении."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class SupportForm(_Styled, forms.ModelForm):
    class Meta:
        model = SupportMeasure
        fields = ["kind", "amount", "period", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class TransitionForm(_Styled, forms.Form):
    """One lifecycle action: the date, the ground and what this target needs."""

    on = forms.DateField(label="Дата")
    reason = forms.CharField(label="Основание", required=False, max_length=500)

    EXTRA = {
        State.SUSPENDED: ["ground_started_on", "notice_on", "documents"],
        State.RELEASED: ["documents"],
        State.TERMINATED: ["liability"],
        State.ADMITTED: ["order"],
        State.EMPLOYED: ["order"],
        State.GRADUATED: ["order"],
    }

    ground_started_on = forms.DateField(label="Основание возникло", required=False)
    notice_on = forms.DateField(label="Дата уведомления заказчика", required=False)
    documents = forms.CharField(label="Подтверждающие документы", required=False, max_length=500)
    liability = forms.BooleanField(label="По инициативе гражданина: рассчитать возмещение и штраф", required=False)
    order = forms.CharField(label="Приказ / документ (номер, дата)", required=False, max_length=200)
    exception = forms.BooleanField(label="Исключение", required=False,
                                   help_text="Дата не проходит проверку правдоподобия, но подтверждена документом: "
                                             "переход будет записан с причиной.")
    exception_reason = forms.CharField(label="Причина исключения", required=False, max_length=500)

    def __init__(self, *args, target: str, may_except: bool = False, **kwargs):
        kwargs.setdefault("prefix", target)
        super().__init__(*args, **kwargs)
        self.target = target
        from . import plausibility

        keep = {"on", "reason", *self.EXTRA.get(target, [])}
        if may_except and target in plausibility.OVERRIDABLE:
            keep |= {"exception", "exception_reason"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        from . import lifecycle

        if target in lifecycle.NEEDS_REASON:
            self.fields["reason"].required = True
        self.fields["reason"].label = {State.SUSPENDED: "Основание приостановления (служба, иное)",
                                       State.RELEASED: "Основание освобождения",
                                       State.TERMINATED: "Основание расторжения",
                                       State.BREACHED: "В чём нарушение",
                                       State.NOT_ADMITTED: "Причина"}.get(target, "Основание (необязательно)")
        self.fields["on"].label = {State.SUSPENDED: "Приостановлено с"}.get(target, "Дата")
        if "documents" in self.fields:
            self.fields["documents"].required = True
            self.fields["documents"].label = {
                State.SUSPENDED: "Документ-основание (повестка, справка; номер, дата)",
            }.get(target, "Подтверждающие документы (вид, номер, дата)")
        self._setup()

    def clean(self):
        d = super().clean()
        if d.get("exception") and not (d.get("exception_reason") or "").strip():
            self.add_error("exception_reason", "Укажите причину исключения: какой документ подтверждает эту дату.")
        return d

    def details(self) -> dict:
        skip = ("on", "reason", "exception", "exception_reason")
        return {k: v for k, v in self.cleaned_data.items() if k not in skip and v not in (None, "")}

    def exception_args(self) -> dict:
        """The exception a committee specialist records, for services.transition."""
        return {"exception": bool(self.cleaned_data.get("exception")),
                "exception_reason": self.cleaned_data.get("exception_reason", "")}


class AgreementForm(_Styled, forms.Form):
    number = forms.CharField(label="Номер соглашения", max_length=40)
    signed_on = forms.DateField(label="Дата соглашения")
    summary = forms.CharField(label="Что изменено", widget=forms.Textarea(attrs={"rows": 3}))
    apply = forms.BooleanField(label="Внести изменённые условия в договор", required=False)
    work_organisation = forms.ModelChoiceField(label="Место работы", queryset=None, required=False)
    work_position = forms.ModelChoiceField(label="Должность", queryset=Position.objects.none(), required=False)
    work_start_deadline = forms.DateField(label="Срок трудоустройства (не позднее)", required=False)
    work_years = forms.IntegerField(label="Срок отработки, лет", required=False, min_value=3, max_value=5)
    education_organisation = forms.CharField(label="Образовательная организация", required=False, max_length=300)
    study_form = forms.ChoiceField(label="Форма обучения", required=False,
                                   choices=[("", "— без изменений —"), *Contract._meta.get_field("study_form").choices])
    support_kind = forms.ChoiceField(label="Новая мера поддержки", required=False,
                                     choices=[("", "—"), *SupportMeasure.MeasureKind.choices])
    support_amount = forms.DecimalField(label="Размер, руб.", required=False, min_value=0, max_digits=12,
                                        decimal_places=2)
    support_period = forms.ChoiceField(label="Периодичность", required=False, choices=SupportMeasure.Period.choices)

    CHANGE_FIELDS = ["work_organisation", "work_position", "work_start_deadline", "work_years",
                     "education_organisation", "study_form"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_organisation"].queryset = access.organisations_for(user).order_by("sort_name")
        self.fields["work_position"].queryset = Position.objects.filter(is_active=True).order_by("name")
        self._setup()

    def changes(self) -> dict:
        if not self.cleaned_data.get("apply"):
            return {}
        return {k: self.cleaned_data[k] for k in self.CHANGE_FIELDS if self.cleaned_data.get(k) not in (None, "")}

    def clean(self):
        d = super().clean()
        if d.get("support_kind") and d.get("support_amount") is None:
            self.add_error("support_amount", "Укажите размер новой меры поддержки.")
        return d

    def support(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("support_kind"):
            return None
        return {"kind": d["support_kind"], "amount": d["support_amount"], "period": d["support_period"]}


class LiabilityRuleForm(_Styled, forms.ModelForm):
    class Meta:
        model = LiabilityRule
        fields = ["fine_multiplier", "rule_text", "act_reference"]
        widgets = {"rule_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


BANK_FIELDS = ["kpp", "bank_name", "bik", "account", "corr_account", "personal_account"]


class OrganisationRequisitesForm(_Styled, forms.ModelForm):
    class Meta:
        model = OrganisationRequisites
        fields = BANK_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class MunicipalSettingsForm(_Styled, forms.ModelForm):
    class Meta:
        model = MunicipalContractSettings
        fields = ["region", "committee_address", "committee_inn", "committee_ogrn", *BANK_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class EducationRequisitesForm(_Styled, forms.ModelForm):
    class Meta:
        model = EducationRequisites
        fields = ["address", "inn", "ogrn", "signatory_position", "signatory_name", "basis", *BANK_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()
