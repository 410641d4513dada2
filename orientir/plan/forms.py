"""Forms of the plan: a year's version, an item with its deadline rule, closing and reopening tasks."""

import re

from django import forms

from orientir.accounts import access
from orientir.directory.forms import BootstrapMixin

from . import rules
from .models import PlanItem, PlanVersion

_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\s*$")


def _parse_day_month(text: str, label: str) -> str:
    """«15.07» → «07-15»; refuses what is not a real day of a year."""
    match = _DAY_MONTH.match(text or "")
    if not match:
        raise forms.ValidationError(f"{label}: укажите день и месяц в форме ДД.ММ, например 15.07.")
    day, month = int(match.group(1)), int(match.group(2))
    import datetime

    if (day, month) == (29, 2):
        raise forms.ValidationError(f"{label}: 29 февраля бывает не каждый год — укажите 28.02 или 01.03.")
    try:
        datetime.date(2027, month, day)
    except ValueError as exc:
        raise forms.ValidationError(f"{label}: такой даты нет ({text}).") from exc
    return f"{month:02d}-{day:02d}"


def _show_day_month(md: str | None) -> str:
    if not md:
        return ""
    month, day = md.split("-")
    return f"{day}.{month}"


class VersionCreateForm(BootstrapMixin, forms.Form):
    municipality = forms.ModelChoiceField(label="Муниципальное образование", queryset=None, empty_label=None)
    year = forms.IntegerField(label="Год", min_value=2020, max_value=2100)
    based_on = forms.ModelChoiceField(label="На основе плана", queryset=PlanVersion.objects.none(), required=False,
                                      empty_label="Файл плана, поставляемый с системой")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = access.plan_versions_for(user)
        self.fields["municipality"].queryset = access.municipalities_for(user)
        self._style()

    def clean(self):
        data = super().clean()
        based_on, municipality = data.get("based_on"), data.get("municipality")
        if based_on and municipality and based_on.municipality_id != municipality.pk:
            self.add_error("based_on", "Выберите план того же муниципального образования.")
        return data


class PlanItemForm(BootstrapMixin, forms.ModelForm):
    rule_type = forms.ChoiceField(label="Вид срока", required=False,
                                  choices=[("", "Без срока (раздел плана)")] + list(rules.RULE_TYPES.items()))
    dates = forms.CharField(label="Даты «до» (ДД.ММ через запятую)", required=False,
                            help_text="Дата из текста плана: «до 1 июля» → 01.07; последний день — 30 июня.")
    window_start = forms.CharField(label="Начало периода (ДД.ММ)", required=False)
    window_end = forms.CharField(label="Окончание периода / еженедельно до (ДД.ММ)", required=False)
    span = forms.ChoiceField(label="Период «в течение»", required=False, choices=[("", "—")] + list(rules.SPANS.items()))
    then = forms.ChoiceField(label="Далее", required=False, choices=list(rules.THEN.items()))
    weekday = forms.ChoiceField(label="День недели (еженедельно)", required=False,
                                choices=[(str(i), d) for i, d in enumerate(rules.WEEKDAYS)], initial="4")
    preceding_contract_year = forms.BooleanField(label="В году, предшествующем заключению договоров", required=False)
    depends_on_text = forms.CharField(label="Зависит от пунктов (через запятую)", required=False)

    class Meta:
        model = PlanItem
        fields = ["number", "parent", "title", "deadline_text", "units", "participation", "expected_result",
                  "artifact", "promised_cadence"]
        widgets = {"title": forms.Textarea(attrs={"rows": 3}), "expected_result": forms.Textarea(attrs={"rows": 3}),
                   "units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, version: PlanVersion, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["parent"].queryset = version.items.exclude(pk=self.instance.pk or 0).order_by("sort_key")
        self.fields["units"].queryset = access.units_for(user).filter(municipality=version.municipality)
        rule = self.instance.rule or {}
        self.fields["rule_type"].initial = rule.get("type", "")
        self.fields["dates"].initial = ", ".join(_show_day_month(d) for d in rule.get("dates", []))
        self.fields["window_start"].initial = _show_day_month(rule.get("start"))
        self.fields["window_end"].initial = _show_day_month(rule.get("end"))
        self.fields["span"].initial = rule.get("span", "")
        self.fields["then"].initial = rule.get("then", "")
        self.fields["weekday"].initial = str(rule.get("weekday", 4))
        self.fields["preceding_contract_year"].initial = rule.get("preceding_contract_year", False)
        self.fields["depends_on_text"].initial = ", ".join(self.instance.depends_on or [])
        self._style()
        self.fields["units"].widget.attrs["class"] = "form-check-input"

    def clean_number(self):
        number = self.cleaned_data["number"].strip().rstrip(".")
        if not re.fullmatch(r"\d+(\.\d+)*", number):
            raise forms.ValidationError("Номер пункта — числа через точку, например 2.8.5.")
        return number

    def clean(self):
        data = super().clean()
        kind = data.get("rule_type")
        rule: dict | None = None
        try:
            if kind == "before":
                parts = [p for p in (data.get("dates") or "").split(",") if p.strip()]
                if not parts:
                    self.add_error("dates", "Укажите хотя бы одну дату.")
                rule = {"type": "before", "dates": sorted(_parse_day_month(p, "Дата") for p in parts),
                        "preceding_contract_year": bool(data.get("preceding_contract_year"))}
            elif kind == "window":
                rule = {"type": "window", "start": _parse_day_month(data.get("window_start"), "Начало периода"),
                        "end": _parse_day_month(data.get("window_end"), "Окончание периода"),
                        "preceding_contract_year": bool(data.get("preceding_contract_year")),
                        "then": data.get("then", "")}
            elif kind == "span":
                if not data.get("span"):
                    self.add_error("span", "Выберите период.")
                rule = {"type": "span", "span": data.get("span"), "then": data.get("then", "")}
            elif kind == "weekly":
                start = data.get("window_start")
                rule = {"type": "weekly", "start": _parse_day_month(start, "Начало периода") if start else None,
                        "end": _parse_day_month(data.get("window_end"), "Еженедельно до"),
                        "weekday": int(data.get("weekday") or 4)}
        except forms.ValidationError as exc:
            self.add_error("rule_type", exc)
            rule = None
        if rule and not self.errors:
            try:
                rules.validate(rule)
            except rules.RuleError as exc:
                self.add_error("rule_type", str(exc))
        data["rule"] = rule
        deps = [d.strip() for d in (data.get("depends_on_text") or "").split(",") if d.strip()]
        known = set(self.version.items.values_list("number", flat=True))
        unknown = [d for d in deps if d not in known]
        if unknown:
            self.add_error("depends_on_text", f"В плане нет пунктов: {', '.join(unknown)}.")
        data["depends_on"] = deps
        return data

    def domain_data(self) -> dict:
        names = ["number", "parent", "title", "deadline_text", "participation", "expected_result", "artifact",
                 "promised_cadence", "rule", "depends_on"]
        return {n: self.cleaned_data.get(n) for n in names}


class TaskCloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="Что сделано", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_url = forms.CharField(label="Ссылка на результат в системе", required=False,
                                   help_text="Адрес страницы системы, например /directory/customers/")
    evidence_file = forms.FileField(label="Или файл-подтверждение", required=False,
                                    help_text="PDF, DOCX, XLSX, ODT, ODS, PNG, JPG до 20 МБ.")
    version_no = forms.IntegerField(widget=forms.HiddenInput, required=False)

    ALLOWED = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".png", ".jpg", ".jpeg", ".zip")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        """Report every missing piece at once; the service checks the same rules again."""
        data = super().clean()
        if not (data.get("note") or "").strip():
            self.add_error("note", "Опишите, что сделано: комментарий обязателен.")
        if not (data.get("evidence_url") or "").strip() and not data.get("evidence_file") \
                and "evidence_file" not in self.errors:
            self.add_error("evidence_url", "Приложите подтверждение: ссылку на результат в системе или файл.")
        return data

    def clean_evidence_file(self):
        f = self.cleaned_data.get("evidence_file")
        if f:
            if not f.name.lower().endswith(self.ALLOWED):
                raise forms.ValidationError("Этот тип файла не принимается: приложите PDF, документ, таблицу или "
                                            "изображение.")
            if f.size > 20 * 1024 * 1024:
                raise forms.ValidationError("Файл больше 20 МБ.")
        return f


class TaskReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="Причина возобновления", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
