"""Pages of contracted students (3.1): the list with filters and export, the student's card and the writes made
from it (study records, support plan and log, placements, payments, employment). Access: students.view to read,
students.support to keep support, students.payments for the ledger; exports with names need contracts.export too;
scope through accounts.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.contracts.models import State, SupportMeasure
from orientir.core import audit
from orientir.core.listing import exported
from orientir.core.errors import DomainError
from orientir.core.tables import Column, Report, iter_rows
from orientir.core.timeline import build, person_subject
from orientir.core.editing import apply_errors
from orientir.core.views import paginate

from . import selectors, services
from .forms import (ActivityDoneForm, ActivityForm, DismissalForm, EmploymentForm, FulfilForm, PaymentForm,
                    PaymentPlanForm, PaymentPlanFromMeasuresForm, PlacementForm, PlacementMoveForm, StudyRecordForm)
from .models import StudyStatus

VIEW, SUPPORT, PAYMENTS, EXPORT = selectors.VIEW, selectors.SUPPORT, selectors.PAYMENTS, selectors.EXPORT


def errors_text(form) -> str:
    """The form's errors in one line, each after the label of its field (for a message above the card)."""
    parts = []
    for name, errs in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errs)
    return "; ".join(parts)


# --- List and export -------------------------------------------------------------------------------

@login_required
def student_list(request):
    access.require(request.user, VIEW)
    flt = selectors.StudentFilter.from_query(request.GET)
    qs = selectors.student_list(request.user, flt)
    ctx = {"page": paginate(request, qs, per_page=50), "flt": flt, "statuses": StudyStatus.choices,
           "states": [(s.value, s.label) for s in selectors.STUDENT_STATES + [State.SUSPENDED]],
           "courses": range(1, 7), "can_export": access.has_perm(request.user, EXPORT),
           **selectors.student_filter_choices(request.user)}
    template = "students/student_list_table.html" if request.htmx else "students/student_list.html"
    return render(request, template, ctx)


@login_required
def student_export(request):
    """Names of citizens: for roles holding the export permission only."""
    access.require(request.user, VIEW)
    access.require(request.user, EXPORT)
    flt = selectors.StudentFilter.from_query(request.GET)
    qs = selectors.student_list(request.user, flt)
    report = Report(
        title="Студенты, обучающиеся по договорам о целевом обучении",
        filename="contracted-students",
        columns=[Column("Номер договора", 14), Column("ФИО", 32), Column("Заказчик", 30),
                 Column("Образовательная организация", 34), Column("Специальность", 36), Column("Курс", 6, "number"),
                 Column("Академический статус", 22), Column("Учебный год, семестр", 14), Column("Состояние договора", 20)],
        rows=iter_rows(qs, lambda c: (
            c.number, c.citizen_name, c.customer_name, c.education_organisation, str(c.specialty), c.course,
            selectors.study_label(c),
            f"{c.study_year}/{c.study_year + 1}, {c.study_semester}" if c.study_year else "", c.get_state_display())))
    return exported(request, report, "students.students.exported")


# --- The card --------------------------------------------------------------------------------------

def _card(request, contract, *, forms_: dict | None = None, status: int = 200):
    user = request.user
    today = timezone.localdate()
    can_support = access.has_perm(user, SUPPORT)
    can_pay = access.has_perm(user, PAYMENTS)
    activities = list(contract.support_activities.all())
    facts = selectors.contract_facts(contract, today)
    ctx = {"c": contract, "today": today, "year": selectors.current_year(today),
           "study": list(contract.study_records.all()),
           "plan": [a for a in activities if a.in_plan], "log": [a for a in activities if a.done_on],
           "placements": list(contract.placements.select_related("organisation")),
           "employments": list(contract.employments.select_related("organisation", "position")),
           "facts": facts, "admission": list(contract.admission_records.select_related("specialty")[:20]),
           "can_support": can_support, "can_pay": can_pay,
           # The contract card only for who may open it (its own gate: contracts.view and the scope).
           "contract_visible": access.contracts_for(user).filter(pk=contract.pk).exists(),
           "is_student": selectors.is_student(contract),
           "may_employ": contract.state in (State.GRADUATED, State.EMPLOYED),
           "timeline": build(user, person_subject(user, contract=contract))[:60]}
    if can_pay:
        ledger = selectors.ledger(contract, today)
        ctx.update(ledger=ledger, ledger_totals=selectors.ledger_totals(ledger),
                   measures=list(SupportMeasure.objects.filter(contract=contract)))
    forms_ = forms_ or {}
    if can_support:
        ctx.update(
            study_form=forms_.get("study") or StudyRecordForm(),
            activity_form=forms_.get("activity") or ActivityForm(initial={"planned_on": today}),
            done_form=forms_.get("done") or ActivityDoneForm(initial={"done_on": today}),
            placement_form=forms_.get("placement") or PlacementForm(contract=contract),
            move_form=PlacementMoveForm(),
            employment_form=forms_.get("employment") or EmploymentForm(contract=contract),
            dismissal_form=forms_.get("dismissal") or DismissalForm(initial={"dismissed_on": today}),
            dismissal_pk=forms_.get("dismissal_pk"),
            fulfil_form=FulfilForm(initial={"on": today}))
    if can_pay:
        ctx.update(plan_form=forms_.get("plan") or PaymentPlanForm(),
                   measures_form=forms_.get("measures") or PaymentPlanFromMeasuresForm(),
                   payment_form=forms_.get("payment") or PaymentForm(initial={"paid_on": today}))
    ctx["errors"] = forms_.get("error")
    return render(request, "students/student_detail.html", ctx, status=status)


@login_required
def student_detail(request, pk: int):
    contract = access.student_contract_for_view(request.user, pk)
    audit.record(actor=request.user, action="students.student.viewed", instance=contract)
    return _card(request, contract)


def _back(pk: int, anchor: str):
    return redirect(reverse("students:student_detail", args=[pk]) + f"#{anchor}")


def _write(request, pk, perm, form, anchor, key, call, message):
    """Bind, call one service, redirect with a message; 422 with the card and messages next to fields."""
    contract = access.student_contract_for_view(request.user, pk, perm)
    if form is not None:
        form = form(contract) if callable(form) else form
    if form is None or form.is_valid():
        try:
            result = call(contract, form.cleaned_data if form is not None else {})
        except DomainError as exc:
            if form is None:
                messages.error(request, exc.message)
                return _back(pk, anchor)
            if exc.field in form.fields:
                apply_errors(form, exc)
            else:
                # A refusal about the contract as a whole: above the card, seen even where the form is not shown.
                messages.error(request, exc.message)
        else:
            messages.success(request, message(result) if callable(message) else message)
            return _back(pk, anchor)
    return _card(request, contract, forms_={key: form}, status=422)


@login_required
@require_POST
def study_add(request, pk: int):
    return _write(request, pk, SUPPORT, StudyRecordForm(request.POST), "study", "study",
                  lambda c, d: services.study_record_save(actor=request.user, contract=c, data=d),
                  "Сведения об обучении сохранены.")


@login_required
@require_POST
def activity_add(request, pk: int):
    return _write(request, pk, SUPPORT, ActivityForm(request.POST), "plan", "activity",
                  lambda c, d: services.activity_add(actor=request.user, contract=c, data=d),
                  lambda a: "Мероприятие внесено в индивидуальный план." if a.in_plan
                  else "Запись внесена в журнал сопровождения.")


@login_required
@require_POST
def activity_done(request, pk: int, activity_pk: int):
    contract = access.student_contract_for_view(request.user, pk, SUPPORT)
    activity = get_object_or_404(contract.support_activities, pk=activity_pk)
    form = ActivityDoneForm(request.POST)
    if form.is_valid():
        try:
            services.activity_done(actor=request.user, activity=activity, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Мероприятие отмечено выполненным.")
            return _back(pk, "plan")
    messages.error(request, "Отметка не сохранена: " + errors_text(form))
    return _card(request, contract, forms_={"done": form}, status=422)


@login_required
@require_POST
def placement_add(request, pk: int):
    return _write(request, pk, SUPPORT, lambda c: PlacementForm(request.POST, contract=c), "placements", "placement",
                  lambda c, d: services.placement_request(actor=request.user, contract=c, data=d),
                  "Заявка на практику внесена.")


@login_required
@require_POST
def placement_move(request, pk: int, placement_pk: int, action: str):
    contract = access.student_contract_for_view(request.user, pk, SUPPORT)
    placement = get_object_or_404(contract.placements, pk=placement_pk)
    form = PlacementMoveForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.placement_move(actor=request.user, placement=placement, action=action, grade=data.get("grade", ""),
                                result=data.get("result", ""), reason=data.get("reason", ""),
                                supervisor=data.get("supervisor", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _card(request, contract, status=422)
    messages.success(request, f"Практика: {placement.get_state_display().lower()}.")
    return _back(pk, "placements")


@login_required
@require_POST
def payment_plan(request, pk: int):
    return _write(request, pk, PAYMENTS, PaymentPlanForm(request.POST), "payments", "plan",
                  lambda c, d: services.payment_plan_set(actor=request.user, contract=c, **d),
                  lambda n: f"План выплат внесён: {n} мес.")


@login_required
@require_POST
def payment_plan_from_measures(request, pk: int):
    return _write(request, pk, PAYMENTS, PaymentPlanFromMeasuresForm(request.POST), "payments", "measures",
                  lambda c, d: services.payment_plan_from_measures(actor=request.user, contract=c, **d),
                  lambda n: f"План выплат рассчитан по мерам поддержки договора: {n} мес.")


@login_required
@require_POST
def payment_add(request, pk: int):
    return _write(request, pk, PAYMENTS, PaymentForm(request.POST), "payments", "payment",
                  lambda c, d: services.payment_record(actor=request.user, contract=c, **d),
                  lambda p: f"Выплата {p.amount} ₽ за {p.month:%m.%Y} внесена.")


@login_required
@require_POST
def employment_add(request, pk: int):
    return _write(request, pk, SUPPORT, lambda c: EmploymentForm(request.POST, contract=c), "employment",
                  "employment", lambda c, d: services.employment_record(actor=request.user, contract=c, **d),
                  "Трудоустройство внесено.")


@login_required
@require_POST
def employment_dismiss(request, pk: int, employment_pk: int):
    contract = access.student_contract_for_view(request.user, pk, SUPPORT)
    employment = get_object_or_404(contract.employments.select_related("organisation"), pk=employment_pk)
    form = DismissalForm(request.POST)
    if form.is_valid():
        try:
            services.dismissal_record(actor=request.user, employment=employment,
                                      dismissed_on=form.cleaned_data["dismissed_on"],
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Увольнение внесено.")
            return _back(pk, "employment")
    messages.error(request, "Увольнение не внесено: " + errors_text(form))
    return _card(request, contract, forms_={"dismissal": form, "dismissal_pk": employment.pk}, status=422)


@login_required
@require_POST
def fulfil(request, pk: int):
    contract = access.student_contract_for_view(request.user, pk, SUPPORT)
    form = FulfilForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Исполнение обязательства не отмечено: " + errors_text(form))
        return _card(request, contract, status=422)
    try:
        services.obligation_fulfil(actor=request.user, contract=contract, on=form.cleaned_data["on"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return _card(request, contract, status=422)
    messages.success(request, "Обязательство по договору отмечено исполненным.")
    return _back(pk, "employment")
