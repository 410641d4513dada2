"""Plan generation in a task worker (decision 66): a municipality of more than JOBS_PLAN_THRESHOLD organisations gets
its year's tasks from a job, the page answering at once; a smaller one in the request, as before."""

import pytest
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.jobs.models import Job
from orientir.plan import services as plan_services
from orientir.plan.models import PlanVersion, Task


def _keys(version) -> set[tuple]:
    return set(Task.objects.filter(version=version).values_list("item__number", "unit_id", "organisation_id",
                                                                "due_on", "label"))


@pytest.fixture
def plan2027(personas, city):
    return plan_services.version_create(actor=personas["admin"], municipality=city, year=2027)


@pytest.mark.today("2027-03-15")
def test_a_small_municipality_gets_its_tasks_in_the_request(personas, client_for, settings, city, plan2027):
    settings.JOBS_PLAN_THRESHOLD = 3  # the test city has three active organisations (conftest.py)
    response = client_for(personas["admin"]).post(reverse("plan:version_generate", args=[plan2027.pk]))
    assert (response.status_code, response["Location"]) == (302, "/plan/items/?year=2027")
    assert Task.objects.filter(version=plan2027).exists()
    assert not Job.objects.exists()


@pytest.mark.today("2027-03-15")
def test_a_bigger_municipality_gets_its_tasks_from_a_worker(personas, client_for, settings, city, plan2027, backend,
                                                            django_capture_on_commit_callbacks):
    # what the page makes in the request, to compare the job's work with
    plan_services.tasks_generate(actor=None, version=plan2027)
    expected = _keys(plan2027)
    assert len(expected) > 100
    Task.objects.filter(version=plan2027).delete()

    settings.JOBS_PLAN_THRESHOLD = 2
    admin = personas["admin"]
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plan:version_generate", args=[plan2027.pk]))
    assert (response.status_code, response["Location"]) == (302, "/jobs/")
    assert not Task.objects.filter(version=plan2027).exists()  # nothing made in the request
    job = Job.objects.get()
    assert (job.kind, job.title, job.status) == ("plan.generate", f"Задачи плана на 2027 год: {city}", "queued")
    assert "формируются в фоне" in client.get("/jobs/").content.decode()

    backend.drain()
    job.refresh_from_db()
    assert job.status == "done"
    assert _keys(plan2027) == expected
    assert job.result == (f"Задачи обновлены по плану: добавлено {len(expected)}, снято 0 невыполненных, "
                          f"всего {len(expected)}.")
    assert job.result_url == "/plan/items/?year=2027"
    assert (job.file, job.filename) == ("", "")
    row = client.get(reverse("jobs:row", args=[job.pk])).content.decode()
    assert job.result in row and 'href="/plan/items/?year=2027"' in row and "Скачать" not in row
    assert AuditEntry.objects.filter(action="plan.version.tasks_generated", actor=admin).count() == 1


@pytest.mark.today("2027-03-15")
def test_a_new_years_plan_is_created_at_once_and_its_tasks_made_by_a_worker(
        personas, client_for, settings, city, backend, django_capture_on_commit_callbacks):
    settings.JOBS_PLAN_THRESHOLD = 0
    client = client_for(personas["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plan:versions"), {"municipality": city.pk, "year": 2028})
    assert response["Location"] == "/jobs/"
    version = PlanVersion.objects.get(year=2028)
    assert not Task.objects.filter(version=version).exists()
    backend.drain()
    job = Job.objects.get()
    assert job.status == "done" and job.result.startswith("Задачи обновлены по плану: добавлено ")
    assert Task.objects.filter(version=version).count() > 100


@pytest.mark.today("2027-03-15")
def test_a_job_whose_owner_lost_the_right_writes_nothing(personas, settings, city, plan2027, backend,
                                                         django_capture_on_commit_callbacks):
    admin = personas["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        job = plan_services.tasks_generate_later(actor=admin, version=plan2027)
    admin.role = "observer"
    admin.save(update_fields=["role"])
    backend.drain()
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Формировать задачи плана вам больше нельзя: права учётной "
                                                 "записи изменились.")
    assert not Task.objects.filter(version=plan2027).exists()
