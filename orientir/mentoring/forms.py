"""Forms of mentoring. Labels come from the models' verbose names; rules live in the services."""

from django import forms
from django.utils import timezone

from orientir.accounts import access
from orientir.accounts.models import User
from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Specialty

from . import selectors
from .models import Meeting, Mentor, MentoringModel, Programme


def _org_field(form, user, label: str, instance_org) -> None:
    """One organisation of the scope: no choice at all; several: a select. Never moved once saved."""
    orgs = selectors.organisations_for(user)
    if instance_org is not None:
        form.single_org = instance_org
        del form.fields["organisation"]
    elif orgs.count() == 1:
        form.single_org = orgs.first()
        del form.fields["organisation"]
    else:
        form.single_org = None
        form.fields["organisation"].queryset = orgs
        form.fields["organisation"].label = label


class ProgrammeForm(BootstrapMixin, forms.ModelForm):
    wide_fields = ("title", "goals", "description")

    class Meta:
        model = Programme
        fields = ["model", "title", "organisation", "start_year", "starts_on", "ends_on", "coordinator", "goals",
                  "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "goals": forms.Textarea(attrs={"rows": 3}),
                   "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"organisation": "Школа — для модели «студент – школьник»; организация-заказчик — для моделей "
                                      "«работодатель – студент (молодой специалист)»"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _org_field(self, user, "Организация-организатор", self.instance.organisation if self.instance.pk else None)
        now = selectors.current_year()
        years = sorted({now - 1, now, now + 1} | ({self.instance.start_year} if self.instance.pk else set()))
        self.fields["start_year"] = forms.TypedChoiceField(
            label="Учебный год (период)", coerce=int, choices=[(y, f"{y}/{y + 1}") for y in years],
            initial=self.instance.start_year if self.instance.pk else now)
        self.fields["model"].choices = [("", "— выберите —")] + list(MentoringModel.choices)
        self._style()

    @property
    def organisation(self):
        return self.single_org or self.cleaned_data.get("organisation")

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class MentorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["kind", "last_name", "first_name", "middle_name", "organisation", "position",
                  "education_organisation", "course", "specialty", "sector", "capacity", "phone", "email", "user",
                  "contract", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _org_field(self, user, "Организация", self.instance.organisation if self.instance.pk else None)
        today = timezone.localdate()
        self.fields["specialty"].queryset = Specialty.objects.filter(valid_from__lte=today).exclude(
            valid_to__lt=today).order_by("code")
        orgs = access.organisations_for(user).values("id")
        self.fields["user"].queryset = User.objects.filter(role="tutor", is_active=True,
                                                           organisation_id__in=orgs).order_by("last_name")
        self.fields["user"].required = False
        self.fields["contract"].queryset = access.contracts_for(user).order_by("sort_name")
        self.fields["contract"].help_text = "Если наставник-студент сам учится по договору о целевом обучении"
        self.fields["course"].widget = forms.Select(choices=[("", "—")] + [(c, str(c)) for c in range(1, 7)])
        self.fields["kind"].choices = [("", "— выберите —")] + list(Mentor.Kind.choices)
        self.fields["sector"].choices = [("", "— выберите —")] + access.sectors_for(user)
        self._style()

    @property
    def organisation(self):
        return self.single_org or self.cleaned_data.get("organisation")

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class TransitionForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(choices=[("activate", "Начать"), ("complete", "Завершить"), ("cancel", "Отменить")])
    on = forms.DateField(label="Дата", widget=DateInput())
    reason = forms.CharField(label="Причина отмены", required=False, max_length=500)
    outcome = forms.CharField(label="Результат наставничества", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self._style()


class GoalForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="Цель", max_length=500)
    due_on = forms.DateField(label="Срок", required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MeetingForm(BootstrapMixin, forms.ModelForm):
    wide_fields = ("notes",)

    class Meta:
        model = Meeting
        fields = ["held_on", "format", "hours", "topic", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate(), "hours": 1})
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs.update({"min": "0.5", "max": "24", "step": "0.5"})
        self._style()


class ProposeForm(forms.Form):
    """«Предложить пару» from the match page: the mentee and the mentor chosen there."""

    mentor = forms.IntegerField()
    pupil = forms.IntegerField(required=False)
    contract = forms.IntegerField(required=False)
    # The day the pair was formed (today when not given): a pair formed earlier may be entered late.
    on = forms.DateField(label="Дата предложения", required=False)
