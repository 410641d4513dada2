"""Demo plan: this year's and next year's plans with tasks; past tasks mostly done, some late or overdue."""

import datetime

from django.utils import timezone

from orientir.core.demo import DemoContext, demo_builder

from . import services
from .artifacts import artifact_link
from .models import PlanVersion, Task


@demo_builder(30, "План мероприятий (циклограмма) и задачи на текущий и следующий год")
def build_plan(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    # The plan is generated for the city only: at region and country scale it would be millions of tasks.
    for mun in ctx.made["municipalities"][:1]:
        for year in (today.year, today.year + 1):
            version = PlanVersion.objects.filter(municipality=mun, year=year).first()
            if version is None:
                version = services.version_create(actor=None, municipality=mun, year=year)
            services.tasks_generate(actor=None, version=version)
        done, late = [], []
        for task in Task.objects.filter(version__municipality=mun, due_on__lt=today, status="planned"
                                        ).select_related("item"):
            # A task is closed as task_close closes it: with the item's result in the system as evidence. An
            # organisation's staffing return (1.1) closes its task itself when submitted (staffing demo).
            link = artifact_link(task.item.artifact) if task.item.artifact else None
            if link is None or (task.item.artifact == "staffing.monitoring" and task.organisation_id):
                continue
            roll = rng.random()
            if roll < 0.75:
                task.status, task.note = Task.Status.DONE, "Выполнено, сведения в системе."
                task.evidence_url = link[1]
                offset = -rng.randint(0, 10) if roll < 0.62 else rng.randint(1, 12)
                day = task.due_on + datetime.timedelta(days=offset)
                task.done_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))
                (done if offset <= 0 else late).append(task)
        Task.objects.bulk_update(done + late, ["status", "note", "done_at", "evidence_url"], batch_size=2000)
        in_progress = Task.objects.filter(version__municipality=mun, status="planned",
                                          due_on__gte=today, starts_on__lte=today)
        in_progress.update(status=Task.Status.IN_PROGRESS)
