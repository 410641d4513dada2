"""Permission-matrix rows of «Мои задания»: every signed-in user has their own list; a job (its row, its file) answers
only its owner, the committee specialist here, and is 404 to everyone else whatever their rights."""

from orientir.accounts.tests.matrix_kit import MISSING, OK, _all


def _job(o, *, done: bool = False) -> dict:
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone

    from orientir.core.tables import Column, Report, write_xlsx
    from orientir.jobs.models import Job

    job = Job.objects.create(owner=o["personas"]["committee"], kind="export", title="Выгрузка в Excel: проба",
                             status="done" if done else "running", percent=100 if done else 40)
    if done:
        folder = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        write_xlsx(Report(title="Проба", columns=[Column("Организация")], rows=[("МБОУ СОШ № 1",)]),
                   folder / "result.xlsx")
        Job.objects.filter(pk=job.pk).update(file=f"jobs/{job.pk}/result.xlsx", filename="проба.xlsx",
                                             finished_at=timezone.now())
    return {"pk": job.pk}


ROWS: dict = {
    "jobs:list": [(None, _all(OK))],
    "jobs:row": [(lambda o: _job(o), _all(MISSING, committee=OK))],
    "jobs:download": [(lambda o: _job(o, done=True), _all(MISSING, committee=OK))],
}
