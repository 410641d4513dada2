"""The pupils registry: list, card (every view logged), adding with consent, withdrawal, import, rollover."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.core.params import int_param
from orientir.core.listing import exported
from orientir.accounts import access
from orientir.accounts.models import User
from orientir.core import audit, timeline
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows
from orientir.core.text import normalize_search
from orientir.core.validators import normalize_phone
from orientir.core import editing
from orientir.core.editing import apply_errors
from orientir.core.views import paginate
from orientir.core.imports import page as import_page
from orientir.core.downloads import attachment
from orientir.directory.forms import BootstrapMixin, DateInput

from . import importer, services
from .models import Consent, Pupil, Representative


class PupilForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    consent_given_by_name = forms.CharField(label="Согласие дал(а): ФИО", required=False, max_length=300)
    consent_given_by = forms.ChoiceField(label="Кто дал согласие", choices=Consent.GivenBy.choices, required=False)
    consent_given_on = forms.DateField(label="Дата согласия", required=False, widget=DateInput())
    consent_document_ref = forms.CharField(label="Реквизиты документа согласия", required=False, max_length=200)

    class Meta:
        model = Pupil
        fields = ["organisation", "last_name", "first_name", "middle_name", "birth_date", "grade", "class_letter",
                  "phone", "email", "interest_sector"]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, user, has_consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = access.organisations_for(user).filter(kind="school")
        self.fields["organisation"].empty_label = None
        self.fields["grade"].widget = forms.Select(choices=[("", "—")] + [(g, g) for g in range(1, 12)])
        if self.instance.pk:
            del self.fields["organisation"]
            self.fields["version"].initial = self.instance.version
        if has_consent:
            for name in ("consent_given_by_name", "consent_given_by", "consent_given_on", "consent_document_ref"):
                del self.fields[name]
        self._style()

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return normalize_phone(value) if value else ""

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        today = datetime.date.today()
        if value and not (today.year - 20 <= value.year <= today.year - 5):
            raise ValidationError("Проверьте дату рождения: возраст обучающегося вне 5–20 лет.")
        return value

    def data_parts(self) -> tuple[dict, dict]:
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("last_name", "first_name", "middle_name", "birth_date", "grade",
                                      "class_letter", "phone", "email", "interest_sector") if k in d}
        data["class_letter"] = (data.get("class_letter") or "").upper()
        consent = {"given_by_name": d.get("consent_given_by_name", ""), "given_by": d.get("consent_given_by"),
                   "given_on": d.get("consent_given_on"), "document_ref": d.get("consent_document_ref", "")}
        return data, consent


class RepresentativeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["full_name", "relation", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return normalize_phone(value) if value else ""


def _pupils(request):
    qs = access.pupils_for(request.user).select_related("organisation")
    g = request.GET
    if g.get("q"):
        for word in normalize_search(g["q"]).split(" "):
            qs = qs.filter(search_text__contains=word)
    if int_param(g.get("grade"), high=11):
        qs = qs.filter(grade=int_param(g["grade"], high=11))
    if int_param(g.get("school")):
        qs = qs.filter(organisation_id=int_param(g["school"]))
    status = g.get("status", "studying")
    if status in Pupil.Status.values:
        qs = qs.filter(status=status)
    active = Consent.objects.filter(pupil=OuterRef("pk"), withdrawn_on__isnull=True)
    qs = qs.annotate(has_consent=Exists(active))
    if g.get("consent") == "yes":
        qs = qs.filter(has_consent=True)
    elif g.get("consent") == "no":
        qs = qs.filter(has_consent=False)
    return qs.order_by("organisation__sort_name", "grade", "class_letter", "sort_name", "id")


@login_required
def pupil_list(request):
    access.require(request.user, "pupils.view")
    page = paginate(request, _pupils(request), per_page=50)
    ctx = {"page": page, "grades": range(1, 12), "statuses": Pupil.Status.choices,
           "schools": access.organisations_for(request.user).filter(kind="school").order_by("sort_name")
           if request.user.role not in ("coordinator", "tutor") else [],
           "can_change": access.has_perm(request.user, "pupils.change"),
           "can_export": access.has_perm(request.user, "pupils.export")}
    template = "pupils/pupil_list_table.html" if request.htmx else "pupils/pupil_list.html"
    return render(request, template, ctx)


@login_required
def pupil_export(request):
    """Personal data leaves the system only for roles that need it, and every export is logged."""
    access.require(request.user, "pupils.export")
    qs = _pupils(request)
    report = Report(
        title="Обучающиеся", filename="pupils",
        columns=[Column("Школа", 26), Column("Класс", 8), Column("Фамилия", 18), Column("Имя", 14),
                 Column("Отчество", 18), Column("Дата рождения", 12, "date"), Column("Телефон", 18),
                 Column("Эл. почта", 22), Column("Согласие", 10), Column("Состояние", 12)],
        rows=iter_rows(qs, lambda p: (p.organisation.short_name, p.class_label, p.last_name, p.first_name,
                                      p.middle_name, p.birth_date, p.phone, p.email, p.has_consent,
                                      p.get_status_display())))
    return exported(request, report, "guidance.pupils.exported",
                             object_repr=f"Выгрузка обучающихся ({qs.count()} чел.)")


@login_required
def pupil_detail(request, pk: int):
    pupil = access.pupil_for_view(request.user, pk)
    # 152-ФЗ: every read of a minor's personal data is written to the log.
    audit.record(actor=request.user, action="guidance.pupil.viewed", instance=pupil)
    tutors = User.objects.filter(role="tutor", organisation_id=pupil.organisation_id, is_active=True)
    return render(request, "pupils/pupil_detail.html", {
        "pupil": pupil, "consents": pupil.consents.all(), "representatives": pupil.representatives.all(),
        "has_consent": services.has_active_consent(pupil), "rep_form": RepresentativeForm(),
        "assignments": pupil.tutor_assignments.select_related("tutor"), "tutors": tutors,
        "can_change": access.has_perm(request.user, "pupils.change"),
        "history": audit.history_for(pupil).exclude(action="guidance.pupil.viewed")[:20],
        "views": audit.history_for(pupil).filter(action="guidance.pupil.viewed")[:10],
        "timeline": timeline.build(request.user, timeline.person_subject(request.user, pupil=pupil))})


@login_required
def pupil_edit(request, pk: int | None = None):
    if pk:
        pupil = access.pupil_for_view(request.user, pk, perm="pupils.change")
        has_consent = services.has_active_consent(pupil)
    else:
        access.require(request.user, "pupils.change")
        pupil, has_consent = Pupil(), False
    form = PupilForm(request.POST or None, instance=pupil if pk else None, user=request.user,
                     has_consent=has_consent)

    def save():
        data, consent = form.data_parts()
        if pk:
            return services.pupil_update(actor=request.user, pupil=pupil, data=data, consent=consent,
                                         expected_version=form.cleaned_data.get("version") or 0)
        return services.pupil_create(actor=request.user, organisation=form.cleaned_data["organisation"],
                                     data=data, consent=consent)

    return editing.submit(request, form, save, success=lambda p: f"Сведения об обучающемся {p.full_name} сохранены.",
                          redirect_to=lambda p: reverse("pupils:pupil_detail", args=[p.pk]),
                          page="pupils/pupil_form.html",
                          context={"pupil": pupil if pk else None, "has_consent": has_consent})


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    pupil = access.pupil_for_view(request.user, pk, perm="pupils.change")
    return editing.act(request, lambda: services.consent_withdraw(actor=request.user, pupil=pupil,
                                                                  on=timezone.localdate(),
                                                                  reason=request.POST.get("reason", "")),
                       success="Согласие отозвано: сведения, кроме ФИО и школы, удалены.",
                       redirect_to=reverse("pupils:pupil_detail", args=[pk]))


@login_required
@require_POST
def representative_add(request, pk: int):
    pupil = access.pupil_for_view(request.user, pk, perm="pupils.change")
    form = RepresentativeForm(request.POST)
    if form.is_valid():
        try:
            services.representative_add(actor=request.user, pupil=pupil, data=form.cleaned_data)
            messages.success(request, "Законный представитель добавлен.")
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Представитель не добавлен: " + "; ".join(
            f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("pupils:pupil_detail", pk=pk)


@login_required
@require_POST
def tutor_assign(request, pk: int):
    pupil = access.pupil_for_view(request.user, pk, perm="pupils.change")
    tutor = User.objects.filter(pk=request.POST.get("tutor") or 0).first()
    if tutor is None:
        messages.error(request, "Выберите тьютора.")
    else:
        today = timezone.localdate()
        try:
            services.tutor_assign(actor=request.user, pupil=pupil, tutor=tutor,
                                  start_year=today.year if today.month >= 9 else today.year - 1)
            messages.success(request, f"Тьютор {tutor.get_full_name()} закреплён.")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("pupils:pupil_detail", pk=pk)


@login_required
@require_POST
def representative_remove(request, pk: int, rep_id: int):
    pupil = access.pupil_for_view(request.user, pk, perm="pupils.change")
    return editing.act(request, lambda: services.representative_remove(actor=request.user, pupil=pupil,
                                                                       representative_id=rep_id),
                       success="Законный представитель удалён.", redirect_to=reverse("pupils:pupil_detail", args=[pk]))


@login_required
@require_POST
def tutor_unassign(request, pk: int, assignment_id: int):
    pupil = access.pupil_for_view(request.user, pk, perm="pupils.change")
    return editing.act(request, lambda: services.tutor_unassign(actor=request.user, pupil=pupil,
                                                                assignment_id=assignment_id),
                       success="Закрепление тьютора снято.", redirect_to=reverse("pupils:pupil_detail", args=[pk]))


def _own_school(request):
    if request.user.role != "coordinator" or not request.user.organisation_id:
        raise PermissionDenied("Загружает и переводит обучающихся координатор школы.")
    return request.user.organisation


@login_required
def import_template(request):
    access.require(request.user, "pupils.change")
    school = _own_school(request)
    response = HttpResponse(importer.build_template(school),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment("pupils-template.xlsx")
    return response


@login_required
def pupil_import(request):
    """Upload → the whole file checked → errors (with the file marked) or a preview; «Загрузить» writes it."""
    access.require(request.user, "pupils.change")
    school = _own_school(request)
    return import_page.handle(request, importer.SPEC, context={"organisation": school.pk},
                              template="pupils/pupil_import.html", done_url=reverse("pupils:pupil_list"),
                              page={"school": school, "template_url": reverse("pupils:import_template"),
                                    "cancel_url": reverse("pupils:pupil_import")})


class RolloverForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label="Дата перевода", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


@login_required
def rollover(request):
    """Year rollover on an explicit date: grade + 1, 11th-graders leave as graduates."""
    access.require(request.user, "pupils.change")
    school = _own_school(request)
    form = RolloverForm(request.POST or None, initial={"on": datetime.date(timezone.localdate().year, 9, 1)})
    if request.method == "POST" and form.is_valid():
        try:
            result = services.year_rollover(actor=request.user, organisations=[school], on=form.cleaned_data["on"])
        except DomainError as exc:
            apply_errors(form, exc)
            return render(request, "pupils/rollover.html", {"form": form, "school": school}, status=422)
        messages.success(request, f"Переведено в следующий класс: {result['moved']}, выпущено: {result['graduated']}.")
        return redirect("pupils:pupil_list")
    return render(request, "pupils/rollover.html", {"form": form, "school": school})


