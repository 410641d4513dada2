"""Pages of tutoring (2.3): the pupil's route with steps and the personal professional plan."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core.errors import DomainError
from orientir.core.editing import apply_errors
from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Specialty

from . import services_tutoring as services
from .models import EducationalRoute, ProfessionalPlan, RouteStep


def school_year(day=None) -> int:
    day = day or timezone.localdate()
    return day.year if day.month >= 9 else day.year - 1


class RouteForm(BootstrapMixin, forms.Form):
    goals = forms.CharField(label="Цели маршрута", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class StepForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="Шаг", max_length=300, required=False)
    due_on = forms.DateField(label="Срок", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ProfessionalPlan
        fields = ["target_specialty", "institution", "exams", "steps"]
        widgets = {"steps": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_specialty"].queryset = Specialty.objects.filter(valid_to__isnull=True).order_by("code")
        self._style()


def _pupil_for_tutoring(request, pk):
    pupil = access.pupil_for_view(request.user, pk)
    if not access.may_tutor(request.user, pupil):
        raise PermissionDenied("Маршрут и план ведут координатор школы и тьютор обучающегося.")
    return pupil


@login_required
def tutoring(request, pk: int):
    pupil = access.pupil_for_view(request.user, pk)
    year = school_year()
    route = EducationalRoute.objects.filter(pupil=pupil, start_year=year).prefetch_related("steps").first()
    plan = ProfessionalPlan.objects.filter(pupil=pupil, start_year=year).select_related("target_specialty").first()
    may_edit = access.may_tutor(request.user, pupil)
    route_form = RouteForm(request.POST or None, initial={"goals": route.goals if route else ""}, prefix="route")
    plan_form = PlanForm(request.POST or None, instance=plan, prefix="plan")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Маршрут и план ведут координатор школы и тьютор обучающегося.")
        which = request.POST.get("which")
        try:
            if which == "route" and route_form.is_valid():
                services.route_save(actor=request.user, pupil=pupil, start_year=year,
                                    goals=route_form.cleaned_data["goals"])
                messages.success(request, "Маршрут сохранён.")
                return redirect("pupils:tutoring", pk=pk)
            if which == "plan" and plan_form.is_valid():
                services.plan_save(actor=request.user, pupil=pupil, start_year=year, data=plan_form.cleaned_data)
                messages.success(request, "Личный профессиональный план сохранён.")
                return redirect("pupils:tutoring", pk=pk)
        except DomainError as exc:
            apply_errors(route_form if which == "route" else plan_form, exc)
    ctx = {"pupil": pupil, "year": year, "route": route, "plan": plan, "may_edit": may_edit,
           "route_form": route_form, "plan_form": plan_form, "step_form": StepForm(prefix="step"),
           "statuses": RouteStep.Status.choices}
    return render(request, "pupils/tutoring.html", ctx, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def route_step_add(request, pk: int):
    pupil = _pupil_for_tutoring(request, pk)
    route = EducationalRoute.objects.filter(pupil=pupil, start_year=school_year()).first()
    if route is None:
        messages.error(request, "Сначала опишите цели маршрута.")
        return redirect("pupils:tutoring", pk=pk)
    form = StepForm(request.POST, prefix="step")
    if form.is_valid():
        try:
            services.route_step_add(actor=request.user, route=route, title=form.cleaned_data["title"],
                                    due_on=form.cleaned_data["due_on"])
            messages.success(request, "Шаг добавлен.")
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Укажите шаг и срок в форме ДД.ММ.ГГГГ.")
    return redirect("pupils:tutoring", pk=pk)


@login_required
@require_POST
def route_step_mark(request, pk: int, step_id: int):
    pupil = _pupil_for_tutoring(request, pk)
    step = RouteStep.objects.filter(pk=step_id, route__pupil=pupil).first()
    if step is None:
        raise Http404("Шаг не найден")
    try:
        services.route_step_mark(actor=request.user, step=step, status=request.POST.get("status", ""),
                                 on=timezone.localdate())
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("pupils:tutoring", pk=pk)
