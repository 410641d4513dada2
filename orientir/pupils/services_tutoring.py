"""Writes of tutoring (plan item 2.3): the individual educational route and the personal professional plan."""

import datetime

from django.db import transaction

from orientir.core import audit
from orientir.core.errors import DomainError

from .models import EducationalRoute, ProfessionalPlan, Pupil, RouteStep
from .services import has_active_consent


def _need_consent(pupil: Pupil) -> None:
    if not has_active_consent(pupil):
        raise DomainError("Нет действующего согласия на обработку персональных данных: маршрут и план не ведутся.")


@transaction.atomic
def route_save(*, actor, pupil: Pupil, start_year: int, goals: str) -> EducationalRoute:
    _need_consent(pupil)
    if not goals.strip():
        raise DomainError("Опишите цели маршрута.", field="goals")
    route, created = EducationalRoute.objects.get_or_create(pupil=pupil, start_year=start_year,
                                                           defaults={"goals": goals.strip(), "created_by": actor})
    if not created and route.goals != goals.strip():
        before = route.goals
        route.goals = goals.strip()
        route.save(update_fields=["goals"])
        audit.record(actor=actor, action="guidance.route.updated", instance=pupil, changes={"goals": [before, route.goals]})
    elif created:
        audit.record(actor=actor, action="guidance.route.created", instance=pupil, changes={"goals": [None, route.goals]})
    return route


@transaction.atomic
def route_step_add(*, actor, route: EducationalRoute, title: str, due_on: datetime.date) -> RouteStep:
    if not title.strip():
        raise DomainError("Укажите шаг маршрута.", field="title")
    step = RouteStep.objects.create(route=route, title=title.strip(), due_on=due_on)
    audit.record(actor=actor, action="guidance.route.step_added", instance=route.pupil,
                 changes={"step": [None, f"{step.title} (до {due_on:%d.%m.%Y})"]})
    return step


@transaction.atomic
def route_step_mark(*, actor, step: RouteStep, status: str, on: datetime.date) -> RouteStep:
    if status not in RouteStep.Status.values:
        raise DomainError("Неизвестное состояние шага.")
    before = step.get_status_display()
    step.status = status
    step.done_on = on if status == RouteStep.Status.DONE else None
    step.save(update_fields=["status", "done_on"])
    audit.record(actor=actor, action="guidance.route.step_marked", instance=step.route.pupil,
                 changes={step.title: [before, step.get_status_display()]})
    return step


@transaction.atomic
def plan_save(*, actor, pupil: Pupil, start_year: int, data: dict) -> ProfessionalPlan:
    _need_consent(pupil)
    plan, created = ProfessionalPlan.objects.get_or_create(pupil=pupil, start_year=start_year)
    before = audit.snapshot(plan)
    for name, value in data.items():
        setattr(plan, name, value)
    plan.save()
    audit.record(actor=actor, action=f"guidance.professional_plan.{'created' if created else 'updated'}",
                 instance=pupil, changes=audit.diff({} if created else before, audit.snapshot(plan)))
    return plan
