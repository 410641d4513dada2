"""Forms of the targeted database and route sheets. Labels come from the models' verbose names."""

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q

from orientir.accounts.roles import Sector
from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import EducationLevel, Organisation, Specialty

from . import selectors_routes as selectors
from .models import (ActivityKind, Consent, EducationLevelChoice, RouteSheetItem, RouteSheetTemplate,
                     RouteSheetTemplateItem, TargetedEntry)
from .services_routes import month_label


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, pupil):
        parts = [pupil.full_name]
        if pupil.class_label:
            parts.append(f"{pupil.class_label} класс")
        if self.show_school:
            parts.append(pupil.organisation.short_name)
        label = " — ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]
        return label if pupil.has_consent else f"{label} (нет согласия)"


class SpecialtyChoiceField(forms.ModelChoiceField):
    LEVELS = {EducationLevel.SPO_WORKER: "СПО", EducationLevel.SPO: "СПО", EducationLevel.BACHELOR: "бакалавриат",
              EducationLevel.SPECIALIST: "специалитет"}

    def label_from_instance(self, spec):
        return f"{spec.code} {spec.name} ({self.LEVELS.get(spec.level, spec.get_level_display())})"

    GROUPS = {EducationLevel.SPO_WORKER: "СПО", EducationLevel.SPO: "СПО", EducationLevel.BACHELOR: "Бакалавриат",
              EducationLevel.SPECIALIST: "Специалитет"}


class TargetedEntryForm(BootstrapMixin, forms.ModelForm):
    """Pupil and year are chosen once, on adding; afterwards the entry is corrected in place."""

    pupil = PupilChoiceField(label="Обучающийся", queryset=None, empty_label="— выберите обучающегося —",
                             help_text="Вносятся обучающиеся 9-х и 11-х классов с действующим согласием на обработку "
                                       "персональных данных.")
    start_year = forms.TypedChoiceField(label="Учебный год", coerce=int)

    class Meta:
        model = TargetedEntry
        fields = ["specialty", "level", "desired_institution", "customer", "status", "note"]

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["pupil"]
            del self.fields["start_year"]
        else:
            active = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
            pupils = self.fields["pupil"]
            pupils.queryset = selectors.candidate_pupils(user).annotate(has_consent=Exists(active))
            pupils.show_school = selectors.sees_many_schools(user)
            # The service judges any pupil in scope (with a clear message); the list offers only those who fit
            # or lack a consent (their grade is not stored), grouped by class, so a school's 1000 pupils stay out.
            pupils.widget.choices = [("", pupils.empty_label)] + _pupil_groups(pupils)
            self.fields["start_year"].choices = selectors.year_choices(today)
            self.fields["start_year"].initial = selectors.school_year(today)
            self.order_fields(["pupil", "start_year"])
        specialty = SpecialtyChoiceField(
            label=self.fields["specialty"].label, empty_label="— выберите специальность —",
            queryset=Specialty.objects.exclude(level=EducationLevel.MASTER)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("code", "level"))
        specialty.widget.choices = [("", specialty.empty_label)] + _specialty_groups(specialty)
        self.fields["specialty"] = specialty
        self.fields["level"].required = False
        self.fields["level"].choices = [("", "— по специальности —")] + list(EducationLevelChoice.choices)
        self.fields["level"].help_text = "Если не выбран, определяется по уровню специальности."
        customers = Organisation.objects.filter(is_customer=True, status=Organisation.Status.ACTIVE)
        if user.municipality_id:
            customers = customers.filter(municipality_id=user.municipality_id)
        self.fields["customer"].queryset = customers.order_by("sort_name")
        self.fields["customer"].empty_label = "— не определена —"
        self.fields["customer"].help_text = "Из реестра заказчиков целевого обучения; может быть определена позже."
        self.fields["desired_institution"].help_text = "Колледж или вуз, например: Костромской государственный университет"
        self.order_fields(["pupil", "start_year", "specialty", "level", "desired_institution", "customer", "status",
                           "note"])
        self._style()

    def entry_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}


def _pupil_groups(field) -> list:
    groups: dict[str, list] = {}
    without_consent = []
    for pupil in field.queryset.filter(Q(grade__in=selectors.GRADES) | Q(grade__isnull=True)):
        name = pupil.full_name if pupil.has_consent else f"{pupil.full_name} (нет согласия)"
        if not pupil.grade:
            without_consent.append((pupil.pk, f"{name} — {pupil.organisation.short_name}" if field.show_school else name))
            continue
        key = f"{pupil.class_label} класс"
        groups.setdefault(f"{pupil.organisation.short_name}: {key}" if field.show_school else key, []).append(
            (pupil.pk, name))
    if without_consent:
        groups["Класс не указан: нет согласия на обработку персональных данных"] = without_consent
    return list(groups.items())


def _specialty_groups(field) -> list:
    groups: dict[str, list] = {}
    for spec in field.queryset.order_by("level", "code"):
        groups.setdefault(field.GROUPS[spec.level], []).append((spec.pk, field.label_from_instance(spec)))
    return [(label, groups[label]) for label in ("СПО", "Бакалавриат", "Специалитет") if label in groups]


class RouteSheetCreateForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(label="Типовой маршрутный лист", queryset=None, required=False,
                                      empty_label="Без типового листа — мероприятия добавить вручную")
    passed = forms.ChoiceField(
        label="Мероприятия типового листа, срок которых уже прошёл", required=False, initial="move",
        choices=[("move", "Перенести на ближайшее 15-е число (по одному в месяц, по порядку)"),
                 ("skip", "Не включать: в этом учебном году не проводятся"),
                 ("keep", "Оставить даты типового листа: мероприятия уже проведены, отмечу их выполненными")],
        widget=forms.RadioSelect)

    def __init__(self, *args, templates, initial_template=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        if initial_template is not None:
            self.fields["template"].initial = initial_template.pk
        self._style()


class RouteItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RouteSheetItem
        fields = ["kind", "title", "planned_on", "note"]
        widgets = {"planned_on": DateInput(), "title": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": "Примечание"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "— выберите вид —")] + list(self.fields["kind"].choices)[1:]
        self._style()


class MarkForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label="Дата выполнения", widget=DateInput())
    note = forms.CharField(label="Отметка", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


# --- Typical route sheets ----------------------------------------------------------------------------------

class RouteTemplateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RouteSheetTemplate
        fields = ["sector", "name", "is_active"]
        error_messages = {"name": {"required": "Укажите наименование типового маршрутного листа."},
                          "sector": {"required": "Выберите отрасль."}}

    wide_fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "— выберите отрасль —")] + list(Sector.choices)
        self.fields["name"].help_text = "Например: Типовой маршрутный лист: здравоохранение"
        self.fields["is_active"].help_text = ("Предлагается при составлении новых маршрутных листов. Снятая отметка "
                                              "не затрагивает уже составленные листы.")
        self._style()

    def template_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}


MONTH_CHOICES = [("", "— выберите месяц —")] + [(m, month_label(m)) for m in range(1, 13)]


class RouteTemplateItemForm(BootstrapMixin, forms.ModelForm):
    # A plain number behind the list of months: the service judges the range and says so next to the field.
    month = forms.IntegerField(label="Месяц учебного года", widget=forms.Select(choices=MONTH_CHOICES),
                               error_messages={"required": "Выберите месяц учебного года.",
                                               "invalid": "Выберите месяц учебного года."},
                               help_text="В маршрутном листе обучающегося — 15-е число этого месяца.")
    order = forms.IntegerField(label="Порядок в месяце", required=False, min_value=0,
                               help_text="Среди мероприятий одного месяца меньшее число — раньше. "
                                         "Не указан — в конец месяца.")

    class Meta:
        model = RouteSheetTemplateItem
        fields = ["kind", "title", "month", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"title": {"required": "Укажите мероприятие."},
                          "kind": {"required": "Выберите вид мероприятия."}}

    wide_fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "— выберите вид —")] + list(ActivityKind.choices)
        self._style()

    def item_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.Meta.fields}
