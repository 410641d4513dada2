"""The demo city obeys the rules real data obeys: what `make run` shows an official must be possible in the system.

Each check restates a rule of a service, independently of the demo builders: a task is done only with evidence in
the system (plan.services.task_close); an organisation's task 1.1 is done exactly when its staffing return for that
year is submitted (staffing.services.return_submit / return_send_back); a contract's specialty leads to its
workplace position (the catalogue's specialty groups of the position, as the contract card checks)."""

from django.core.management import call_command
from django.urls import Resolver404, resolve

from orientir.contracts.models import Contract
from orientir.plan.models import Task
from orientir.staffing.models import StaffingReturn


def test_the_demo_city_keeps_the_rules_of_real_data(db):
    call_command("load_demo", verbosity=0)
    done = Task.objects.filter(status=Task.Status.DONE)
    assert done.exists()
    for task in done.select_related("item"):
        where = f"задача {task.pk} (п. {task.item.number})"
        assert task.done_at and task.note.strip(), where
        assert task.evidence_url or task.evidence_file, f"{where}: выполнена без подтверждения"
        if task.evidence_url:
            assert task.evidence_url.startswith("/") and not task.evidence_url.startswith("//"), where
            try:
                resolve(task.evidence_url.split("?", 1)[0])
            except Resolver404:
                raise AssertionError(f"{where}: подтверждение ведёт на несуществующую страницу") from None
    submitted = {(r.organisation_id, r.campaign.year) for r in StaffingReturn.objects.select_related("campaign")
                 .filter(status__in=["submitted", "accepted"])}
    staffing_tasks = Task.objects.filter(item__artifact="staffing.monitoring", organisation__isnull=False
                                         ).select_related("version")
    assert staffing_tasks.exists()
    for task in staffing_tasks:
        has_return = (task.organisation_id, task.version.year) in submitted
        assert (task.status == Task.Status.DONE) == has_return, (
            f"задача 1.1 организации {task.organisation_id} за {task.version.year}: {task.get_status_display()}, "
            f"сведения {'представлены' if has_return else 'не представлены'}")
    contracts = Contract.objects.filter(specialty__isnull=False, work_position__isnull=False).select_related(
        "specialty", "work_position").prefetch_related("work_position__specialty_groups")
    assert contracts.exists()
    for c in contracts:
        groups = {g.code for g in c.work_position.specialty_groups.all()}
        assert not groups or c.specialty.group.code in groups, (
            f"договор {c.number}: специальность {c.specialty.code} не ведёт к должности «{c.work_position.name}» "
            f"(группы {sorted(groups)})")
        if c.specialty.code == "44.02.01":  # «Дошкольное образование»: a kindergarten's post, not a school subject's
            assert c.work_position.name in ("Воспитатель", "Педагог дополнительного образования"), c.number
