"""Forms of the careers pages. Labels come from the models' verbose names; the services check the rules again."""

from itertools import groupby

from django import forms

from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Organisation
from orientir.pupils.models import Pupil

from . import selectors
from .models import CareerEvent, ExamResult, ExamSubject, ParentConsultation, PrepCourse, Programme, RunSession

GRADE_CHOICES = [(g, str(g)) for g in range(1, 12)]


def year_field(initial: int | None = None, extra=()) -> forms.TypedChoiceField:
    now = selectors.current_year()
    years = sorted({now - 1, now, now + 1, *[y for y in extra if y]})
    return forms.TypedChoiceField(label="Учебный год", coerce=int, choices=[(y, f"{y}/{y + 1}") for y in years],
                                  initial=initial or now)


def pupil_choices(pupils) -> list:
    """Pupils grouped by class («9 «А» класс»); those without a consent are marked (the service refuses them)."""
    choices = [("", "— выберите обучающегося —")]

    def key(p):
        return f"{p.class_label} класс" if p.grade else "Класс не указан"

    for group, items in groupby(pupils, key=key):
        choices.append((group, [(p.pk, p.full_name + ("" if getattr(p, "has_consent", True)
                                                      else " — нет согласия")) for p in items]))
    return choices


class OrgChoiceMixin:
    """A single organisation is fixed (a coordinator's own); several are offered as a choice."""

    def _org_field(self, user, label: str, instance_org=None):
        orgs = selectors.orgs_for(user)
        if instance_org is not None or len(orgs) == 1:
            self.single_org = instance_org if instance_org is not None else orgs[0]
            self.fields.pop("organisation", None)
        else:
            self.single_org = None
            self.fields["organisation"] = forms.ModelChoiceField(label=label, queryset=orgs)
            self.order_fields(["organisation"])

    @property
    def organisation(self):
        return self.single_org or self.cleaned_data.get("organisation")

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("organisation", "partners")}


class ProgrammeForm(OrgChoiceMixin, BootstrapMixin, forms.ModelForm):
    wide_fields = ("title", "authors", "partners_text", "partners", "description")

    class Meta:
        model = Programme
        fields = ["start_year", "title", "kind", "sector", "authors", "grade_from", "grade_to", "hours",
                  "partners_text", "partners", "description"]
        widgets = {"partners_text": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 5}),
                   "partners": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._org_field(user, "Организация-разработчик", self.instance.organisation if self.instance.pk else None)
        self.fields["start_year"] = year_field(self.instance.start_year if self.instance.pk else None,
                                               [self.instance.start_year])
        self.fields["grade_from"] = forms.TypedChoiceField(label="Классы: с", coerce=int, choices=GRADE_CHOICES,
                                                           initial=8)
        self.fields["grade_to"] = forms.TypedChoiceField(label="Классы: по", coerce=int, choices=GRADE_CHOICES,
                                                         initial=11)
        partners = Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("sort_name")
        if user.municipality_id:
            partners = partners.filter(municipality_id=user.municipality_id)
        self.fields["partners"].queryset = partners
        self.fields["partners"].required = False
        self._style()


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label="Решение", choices=[("approve", "Одобрить и включить в банк"),
                                                           ("return", "Вернуть на доработку")])
    comment = forms.CharField(label="Замечания", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class FileForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="Название документа", max_length=200, required=False)
    file = forms.FileField(label="Файл", help_text="PDF, DOCX, XLSX, ODT, PPTX, PNG, JPG до 20 МБ")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RunForm(OrgChoiceMixin, BootstrapMixin, forms.Form):
    programme = forms.ModelChoiceField(label="Программа из банка (одобренная)", queryset=Programme.objects.none(),
                                       error_messages={"invalid_choice": "Выберите одобренную программу банка."})
    leader = forms.CharField(label="Руководитель (ФИО)", max_length=300, required=False)
    notes = forms.CharField(label="Примечание", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = selectors.approved_programmes(user)
        self.fields["start_year"] = year_field()
        self._org_field(user, "Организация")
        self._style()


class SessionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RunSession
        fields = ["held_on", "topic", "hours"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs.update({"step": "0.5", "min": "0.5", "max": "24"})
        self._style()


class PupilPickForm(BootstrapMixin, forms.Form):
    pupil = forms.ModelChoiceField(label="Обучающийся", queryset=Pupil.objects.none(),
                                   error_messages={"invalid_choice": "Выберите обучающегося этой организации."})

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["pupil"].choices = pupil_choices(pupils)
        self._style()


class EventForm(OrgChoiceMixin, BootstrapMixin, forms.ModelForm):
    wide_fields = ("title", "description")

    class Meta:
        model = CareerEvent
        fields = ["held_on", "title", "kind", "pro_days", "place", "organiser", "hours", "description"]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"pro_days": "«Профессиональные субботы», сезонные школы и встречи с участниками чемпионата "
                                  "отмечаются автоматически"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._org_field(user, "Организация (чьи обучающиеся участвуют)",
                        self.instance.organisation if self.instance.pk else None)
        self.fields["hours"].widget.attrs.update({"step": "0.5", "min": "0.5", "max": "24"})
        # the kinds that are Days of vocational education tick the box as they are chosen (static/js/behaviours.js)
        self.fields["kind"].widget.attrs.update({"data-ticks": self["pro_days"].id_for_label,
                                                 "data-ticks-when": " ".join(CareerEvent.PRO_DAYS_KINDS)})
        self._style()


class ConsultationForm(OrgChoiceMixin, BootstrapMixin, forms.ModelForm):
    wide_fields = ("outcome",)

    class Meta:
        model = ParentConsultation
        fields = ["held_on", "consultant", "topic", "form", "participants", "parent_name", "pupil", "outcome"]
        widgets = {"held_on": DateInput(), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._org_field(user, "Школа", self.instance.organisation if self.instance.pk else None)
        pupils = access_pupils(user, self.single_org)
        self.fields["pupil"].queryset = pupils
        # marked before sending, as in the programme and event forms: the service refuses a pupil without consent
        self.fields["pupil"].choices = [("", "— без привязки к обучающемуся —")] + pupil_choices(pupils)[1:]
        self.fields["pupil"].required = False
        self.fields["pupil"].help_text = "Необязательно; только обучающиеся с согласием на обработку данных"
        self._style()


def access_pupils(user, organisation=None):
    from orientir.accounts import access

    from django.db.models import Exists, OuterRef

    from orientir.pupils.models import Consent

    active = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
    qs = access.pupils_for(user).filter(status=Pupil.Status.STUDYING).annotate(has_consent=Exists(active))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.select_related("organisation").order_by("organisation__sort_name", "grade", "class_letter",
                                                      "sort_name", "id")


class CourseForm(OrgChoiceMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PrepCourse
        fields = ["start_year", "subject", "title", "teacher", "schedule"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._org_field(user, "Организация", None)
        self.fields["start_year"] = year_field()
        self._style()


class ExamResultForm(BootstrapMixin, forms.Form):
    pupil = forms.ModelChoiceField(label="Обучающийся", queryset=Pupil.objects.none(),
                                   error_messages={"invalid_choice": "Выберите обучающегося из списка."})
    subject = forms.ChoiceField(label="Предмет", choices=ExamSubject.choices)
    kind = forms.ChoiceField(label="Вид", choices=ExamResult.Kind.choices, initial=ExamResult.Kind.FINAL)
    score = forms.IntegerField(label="Баллы", min_value=0, max_value=100,
                               error_messages={"min_value": "Баллы — от 0 до 100.",
                                               "max_value": "Баллы — от 0 до 100."})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        pupils = access_pupils(user).filter(grade=11)
        self.fields["pupil"].queryset = pupils
        self.fields["start_year"] = year_field()
        self.order_fields(["start_year"])
        self._style()
