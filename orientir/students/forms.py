"""Forms of the students app. Labels come from the models' verbose names."""

import datetime

from django import forms
from django.utils import timezone

from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Organisation, Position

from . import selectors
from .models import (ActivityKind, AdmissionStatus, Employment, Payment, Placement, StudyRecord, SupportActivity)

FULFILS = [("", "— не оценено —"), ("true", "Исполняет"), ("false", "Не исполняет")]


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


def _month_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=MonthInput(), input_formats=["%Y-%m", "%Y-%m-%d"], **kwargs)


def _fulfils_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=FULFILS, required=False, empty_value=None,
                                  coerce=lambda v: {"true": True, "false": False}.get(v))


def _years_field(initial=None) -> forms.TypedChoiceField:
    now = selectors.current_year()
    years = [now - 2, now - 1, now, now + 1]
    return forms.TypedChoiceField(label="Учебный год", coerce=int, choices=[(y, f"{y}/{y + 1}") for y in years],
                                  initial=initial or now)


class Styled(BootstrapMixin):
    """Bootstrap widgets, and ids prefixed per form: the student's card shows several forms with like fields."""

    id_prefix = "f"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        self._style()


class AdmissionBulkForm(Styled, forms.Form):
    """One row per contracted graduate: this week's status, organisation and date (blank status: no change)."""
    id_prefix = "adm"

    def __init__(self, *args, rows, week: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        # A status is recorded in the week of its date: the default date lies in the week being filled in (today,
        # or that week's Sunday for a past week), so that an untouched date does not move the status elsewhere.
        today = min(timezone.localdate(), week + datetime.timedelta(days=6))
        statuses = [("", "— без изменений —")] + list(AdmissionStatus.choices)
        for row in rows:
            if row.from_application:  # read from the offer's application, not entered here
                continue
            known = row.record or row.last
            pk = row.contract.pk
            self.fields[f"status_{pk}"] = forms.ChoiceField(label="Статус", choices=statuses, required=False,
                                                            initial=row.record.status if row.record else "")
            self.fields[f"org_{pk}"] = forms.CharField(
                label="Образовательная организация", max_length=300, required=False,
                initial=(known.education_organisation if known else row.contract.education_organisation))
            self.fields[f"on_{pk}"] = forms.DateField(label="Дата", widget=DateInput(), required=False,
                                                      initial=row.record.on if row.record else today)
            # A row of a table has no <label>: each control is named after its column and the graduate.
            for name in ("status", "org", "on"):
                field = self.fields[f"{name}_{pk}"]
                field.widget.attrs["aria-label"] = f"{field.label}: {row.contract.citizen_name}"
        self._style()

    def bound_rows(self):
        for row in self.rows:
            pk = row.contract.pk
            if row.from_application:
                yield row, None, None, None
                continue
            yield row, self[f"status_{pk}"], self[f"org_{pk}"], self[f"on_{pk}"]

    def changes(self) -> list[dict]:
        out = []
        for row in self.rows:
            if row.from_application:
                continue
            pk = row.contract.pk
            status = self.cleaned_data.get(f"status_{pk}")
            if not status:
                continue
            if not self.cleaned_data.get(f"on_{pk}"):
                self.add_error(f"on_{pk}", "Укажите дату статуса.")
                continue
            out.append({"contract": row.contract, "status": status, "on": self.cleaned_data[f"on_{pk}"],
                        "education_organisation": self.cleaned_data.get(f"org_{pk}", ""),
                        "specialty": row.contract.specialty})
        return out


class StudyRecordForm(Styled, forms.ModelForm):
    id_prefix = "study"
    class Meta:
        model = StudyRecord
        fields = ["academic_year", "semester", "course", "status", "average_mark", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"] = _years_field()
        self.fields["course"].widget = forms.Select(choices=[(c, f"{c} курс") for c in range(1, 7)])
        self._style()


class ActivityForm(Styled, forms.ModelForm):
    id_prefix = "act"
    wide_fields = ("title", "result")
    citizen_fulfils = _fulfils_field("Гражданин исполняет обязательства")
    customer_fulfils = _fulfils_field("Заказчик исполняет обязательства")

    class Meta:
        model = SupportActivity
        fields = ["academic_year", "kind", "title", "in_plan", "planned_on", "responsible", "done_on", "semester",
                  "result", "citizen_fulfils", "customer_fulfils"]
        widgets = {"planned_on": DateInput(), "done_on": DateInput(), "result": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"in_plan": "Снимите отметку, чтобы внести в журнал уже проведённую работу вне плана",
                      "citizen_fulfils": "Для контроля исполнения обязательств — итог для обеих сторон"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"] = _years_field()
        self.fields["kind"].choices = [("", "— выберите —")] + list(ActivityKind.choices)
        self._style()


class ActivityDoneForm(Styled, forms.Form):
    id_prefix = "done"
    done_on = forms.DateField(label="Дата выполнения", widget=DateInput())
    result = forms.CharField(label="Результат", widget=forms.Textarea(attrs={"rows": 2}))
    citizen_fulfils = _fulfils_field("Гражданин исполняет обязательства")
    customer_fulfils = _fulfils_field("Заказчик исполняет обязательства")


class PlacementForm(Styled, forms.ModelForm):
    id_prefix = "pl"
    class Meta:
        model = Placement
        fields = ["requested_on", "practice_kind", "organisation", "supervisor", "starts_on", "ends_on"]
        widgets = {"requested_on": DateInput(), "starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        # Practice takes place at the customer organisations of the municipality (the directory).
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality_id=contract.municipality_id, status=Organisation.Status.ACTIVE).order_by("-is_customer",
                                                                                                  "sort_name")
        if contract.customer_id:
            self.fields["organisation"].initial = contract.customer_id
        self.fields["requested_on"].initial = timezone.localdate()
        self._style()


class PlacementMoveForm(Styled, forms.Form):
    id_prefix = "mv"
    supervisor = forms.CharField(label="Руководитель практики", max_length=200, required=False)
    grade = forms.CharField(label="Оценка", max_length=40, required=False)
    result = forms.CharField(label="Результат", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="Причина отмены", max_length=300, required=False)


class PaymentPlanForm(Styled, forms.Form):
    id_prefix = "pplan"
    month_from = _month_field("С месяца")
    month_to = _month_field("По месяц")
    amount = forms.DecimalField(label="Сумма в месяц, ₽", max_digits=12, decimal_places=2, min_value=0)


class PaymentPlanFromMeasuresForm(Styled, forms.Form):
    """The run of months to fill from the contract's support measures."""
    id_prefix = "pmeas"
    month_from = _month_field("С месяца")
    month_to = _month_field("По месяц")


class PaymentForm(Styled, forms.ModelForm):
    id_prefix = "pay"
    month = _month_field("За месяц")

    class Meta:
        model = Payment
        fields = ["month", "paid_on", "amount", "document"]
        widgets = {"paid_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].min_value = 0
        self._style()


class EmploymentForm(Styled, forms.ModelForm):
    id_prefix = "emp"
    class Meta:
        model = Employment
        fields = ["organisation", "position", "started_on", "order_number"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality_id=contract.municipality_id).order_by("sort_name")
        self.fields["position"].queryset = Position.objects.filter(is_active=True).order_by("name")
        self.fields["organisation"].initial = contract.work_organisation_id or contract.employer_id or \
            contract.customer_id
        self.fields["position"].initial = contract.work_position_id
        self._style()


class DismissalForm(Styled, forms.Form):
    id_prefix = "dis"
    dismissed_on = forms.DateField(label="Дата увольнения", widget=DateInput())
    reason = forms.CharField(label="Основание увольнения", max_length=300)


class FulfilForm(Styled, forms.Form):
    id_prefix = "ful"
    on = forms.DateField(label="Дата", widget=DateInput())
