"""Forms of profile classes and motivated pupils. Labels come from the models' verbose names."""

import datetime
from itertools import groupby

from django import forms

from orientir.accounts.roles import Sector
from orientir.directory.forms import BootstrapMixin, DateInput

from . import selectors_classes as selectors
from .models import ClassActivity, MotivatedPupil, ProfileClass, ProfileClassMember

GRADE_CHOICES = [("", "—")] + [(g, str(g)) for g in range(1, 12)]


def _pupil_groups(pupils, label, with_school: bool = False) -> list:
    """Pupils as a select grouped by class («9 «А»»), optionally prefixed by the school."""
    choices = [("", "— выберите обучающегося —")]

    def key(p):
        cls = f"{p.class_label} класс" if p.grade else "Класс не указан"
        return f"{p.organisation.short_name} · {cls}" if with_school else cls

    for group, items in groupby(pupils, key=key):
        choices.append((group, [(p.pk, label(p)) for p in items]))
    return choices


class ProfileClassForm(BootstrapMixin, forms.ModelForm):
    wide_fields = ("partners", "description")

    class Meta:
        model = ProfileClass
        fields = ["organisation", "start_year", "name", "kind", "orientation", "grade", "planned_headcount",
                  "partners", "description"]
        widgets = {"partners": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"planned_headcount": "Сколько обучающихся планируется в классе (группе) — перечень до 1 февраля",
                      "partners": "Колледжи, вузы, организации социальной сферы — по одному в строке"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = selectors.schools_for(user)
        if self.instance.pk or len(schools) == 1:
            # A coordinator's classes belong to their school; a class never moves to another school.
            self.single_school = self.instance.organisation if self.instance.pk else schools[0]
            del self.fields["organisation"]
        else:
            self.single_school = None
            self.fields["organisation"].queryset = schools
            self.fields["organisation"].label = "Школа"
        now = selectors.current_year()
        years = sorted({now - 1, now, now + 1} | ({self.instance.start_year} if self.instance.pk else set()))
        self.fields["start_year"] = forms.TypedChoiceField(
            label="Учебный год", coerce=int, choices=[(y, f"{y}/{y + 1}") for y in years],
            initial=self.instance.start_year if self.instance.pk else datetime.date.today().year,
            help_text="Перечень на следующий учебный год формируется до 1 февраля")
        self.fields["grade"].widget = forms.Select(choices=GRADE_CHOICES)
        self.fields["orientation"].choices = [("", "— выберите —")] + list(ProfileClass.Orientation.choices)
        self.fields["planned_headcount"].min_value = 0
        self.fields["planned_headcount"].max_value = 100
        self.fields["planned_headcount"].widget.attrs.update({"min": 0, "max": 100})
        self._style()

    @property
    def organisation(self):
        return self.single_school or self.cleaned_data.get("organisation")

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class MemberAddForm(BootstrapMixin, forms.Form):
    pupil = forms.ModelChoiceField(label="Обучающийся", queryset=None,
                                   error_messages={"invalid_choice": "Выберите обучающегося этой школы из списка."})
    joined_on = forms.DateField(label=ProfileClassMember._meta.get_field("joined_on").verbose_name,
                                widget=DateInput())

    def __init__(self, *args, profile_class, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = selectors.roster_candidates(profile_class)
        self.fields["pupil"].queryset = candidates
        self.fields["pupil"].choices = _pupil_groups(
            candidates, lambda p: p.full_name if p.has_consent else f"{p.full_name} — нет согласия на обработку ПДн")
        # The roster is complete by 1 September: a class of the coming year is joined on its first day.
        self.fields["joined_on"].initial = max(datetime.date(profile_class.start_year, 9, 1), datetime.date.today())
        self._style()


class MemberRemoveForm(forms.Form):
    left_on = forms.DateField(label="Дата выбытия", required=False)


class ActivityForm(BootstrapMixin, forms.ModelForm):
    wide_fields = ("title", "notes")

    class Meta:
        model = ClassActivity
        fields = ["held_on", "kind", "title", "partner", "participants", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "— выберите —")] + list(ClassActivity.Kind.choices)
        self.fields["participants"].max_value = 1000
        self.fields["partner"].help_text = "Колледж, вуз или организация социальной сферы"
        self._style()


class MotivatedForm(BootstrapMixin, forms.ModelForm):
    pupil = forms.ModelChoiceField(label="Обучающийся", queryset=None,
                                   error_messages={"invalid_choice": "Выберите обучающегося своей школы из списка."},
                                   help_text="В списке — обучающиеся 9-х и 11-х классов с согласием на обработку "
                                             "персональных данных, ещё не отмеченные в этом учебном году")

    class Meta:
        model = MotivatedPupil
        fields = ["sector", "specialty", "note"]

    def __init__(self, *args, user, year: int, school: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "— выберите —")] + list(Sector.choices)
        if self.instance.pk:
            del self.fields["pupil"]
        else:
            pupils = selectors.markable_pupils(user, school)
            # Any studying pupil of the scope is accepted here: the service explains why one may not be marked.
            self.fields["pupil"].queryset = pupils
            marked = MotivatedPupil.objects.filter(start_year=year).values("pupil_id")
            shown = list(pupils.filter(grade__in=selectors.MOTIVATED_GRADES).exclude(pk__in=marked))
            self.fields["pupil"].choices = _pupil_groups(shown, lambda p: p.full_name,
                                                         with_school=len({p.organisation_id for p in shown}) > 1)
            self.order_fields(["pupil", "sector", "specialty", "note"])
        specialties = selectors.social_specialties()
        self.fields["specialty"].queryset = specialties
        self.fields["specialty"].required = False
        self.fields["specialty"].choices = [("", "— не выбрана —")] + [
            (f"{code} {name}", [(s.pk, str(s)) for s in items])
            for (code, name), items in groupby(specialties, key=lambda s: (s.group.code, s.group.name))]
        self.fields["specialty"].help_text = "Необязательно: если обучающийся уже выбрал специальность"
        self._style()
