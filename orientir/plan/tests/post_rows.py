"""POST rows of the plan pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

A task is worked (started, closed, reopened) by the one who answers for it — the coordinator of its organisation or
a member of its unit — and by an administrator; the rest of its readers get 403, those who do not see it 404. The
plan itself (versions, items) is the administrator's. Task 2.1.4 of school A is answered for by УО, УК, УСРМ and
ГЦОКО (their specialists see it), not by ОЮКО (the committee specialist does not).
"""

from orientir.accounts.tests.matrix_kit import PLAN_VIEW
from orientir.accounts.tests.post_matrix_kit import MISSING, Post, form_values, today, writes


def _closed(task):
    from orientir.plan import services

    services.task_close(actor=None, task=task, note="Сделано", evidence_url="/plan/tasks/")


def _task(o, school="school_a", closed=False):
    task = o["version"].tasks.filter(organisation=o[school], item__number="2.1.4").first()
    if closed:
        _closed(task)
    return {"pk": task.pk}


def _unit_task(o, closed=False):
    """A task of the education directorate (УО) itself, not of an organisation."""
    task = o["version"].tasks.filter(unit__short_name="УО", organisation=None).first()
    if closed:
        _closed(task)
    return {"pk": task.pk}


def _close(o, kwargs):
    from orientir.plan.models import Task

    return {"note": "Перечень профильных классов сформирован и размещён в системе.",
            "evidence_url": "/guidance/classes/", "version_no": Task.objects.get(pk=kwargs["pk"]).version_no}


def _item(o, kwargs):
    from orientir.plan.forms import PlanItemForm
    from orientir.plan.models import PlanItem

    item = PlanItem.objects.get(pk=kwargs["pk"])
    return form_values(PlanItemForm(instance=item, version=item.version, user=o["personas"]["admin"]),
                       expected_result="Перечень утверждён приказом Комитета")


def _new_item(o, kwargs):
    from orientir.plan.forms import PlanItemForm
    from orientir.plan.models import PlanItem

    version = o["version"]
    form = PlanItemForm(instance=PlanItem(version=version), version=version, user=o["personas"]["admin"])
    return form_values(form, number="9.9", title="Единый день профессиональных проб", deadline_text="до 1 июля",
                       units=[str(o["city"].units.get(short_name="УО").pk)], rule_type="before", dates="01.07")


# school A's task: its coordinator works it; УО and ГЦОКО see it but do not answer for it (403); ОЮКО and the tutor
# do not see it (404); the observer reads every task and works none. УО's own task: its specialist works it; ОЮКО,
# ГЦОКО, the school's coordinator and the tutor do not see it.
TASK = {"committee": MISSING, "tutor": MISSING}


def _task_rows(data, closed=False):
    return [
        Post(lambda o: _task(o, closed=closed), data, writes({"admin", "coordinator_a"}, **TASK)),
        Post(lambda o: _task(o, "school_b", closed=closed), data, writes({"admin"}, coordinator_a=MISSING, **TASK)),
        Post(lambda o: _unit_task(o, closed=closed), data,
             writes({"admin", "directorate"}, methodologist=MISSING, coordinator_a=MISSING, **TASK)),
    ]


def _reopen(o, kwargs):
    return {"reason": "Перечень уточнён: добавлен класс"}


ROWS: dict = {
    "plan:task_start": _task_rows({}),
    "plan:task_close": _task_rows(_close),
    "plan:task_reopen": _task_rows(_reopen, closed=True),
    # a new address of one's own calendar: every reader of the plan, for themselves
    "plan:calendar_feed": [Post(None, {}, writes(PLAN_VIEW))],
    "plan:versions": [Post(None, lambda o, kw: {"municipality": o["city"].pk, "year": today().year + 1,
                                                "based_on": o["version"].pk}, writes({"admin"}))],
    "plan:version_generate": [Post(lambda o: {"pk": o["version"].pk}, {}, writes({"admin"}))],
    "plan:item_edit": [Post(lambda o: {"pk": o["version"].items.get(number="2.1.4").pk}, _item, writes({"admin"}))],
    "plan:item_create": [Post(lambda o: {"version_pk": o["version"].pk}, _new_item, writes({"admin"}))],
    "plan:item_retire": [Post(lambda o: {"pk": o["version"].items.get(number="1.1").pk}, {"retired": "1"},
                              writes({"admin"}))],
}
