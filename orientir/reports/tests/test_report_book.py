"""The report book: every item of the year's plan with a working link to its result in the system."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from orientir.plan.models import PlanVersion


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    """The demo city once for the module, inside a transaction rolled back afterwards (a flush would also
    remove the classifier the migrations load, which later tests need)."""
    import io

    from django.db import transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_demo", "--scale", "city", verbosity=0, stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_plan_item_has_a_working_link_for_the_demo_year(demo_city, client):
    from orientir.accounts.models import User

    admin = User.objects.get(username="admin")
    client.force_login(admin)
    version = PlanVersion.objects.order_by("-year").first()
    page = client.get(reverse("reports:book"), {"year": version.year})
    assert page.status_code == 200
    rows = page.context["rows"]
    items_with_artifact = [r for r in rows if r.item.artifact]
    assert len(items_with_artifact) == version.items.exclude(artifact="").filter(is_retired=False).count() >= 34
    missing = [r.item.number for r in items_with_artifact if r.artifact is None]
    assert missing == [], f"нет страницы-результата для пунктов {missing}"
    for row in items_with_artifact:
        response = client.get(row.artifact[1])
        assert response.status_code == 200, (row.item.number, row.artifact)
        for label, url in row.files:
            assert client.get(url).status_code == 200, (row.item.number, label, url)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["school1", "observer", "uo", "gcoko"])
def test_every_role_sees_only_links_it_may_open(demo_city, client, username):
    from orientir.accounts.models import User

    client.force_login(User.objects.get(username=username))
    page = client.get(reverse("reports:book"))
    assert page.status_code == 200
    for row in page.context["rows"]:
        if row.artifact:
            assert client.get(row.artifact[1], follow=True).status_code == 200, row.item.number
        for label, url in row.files:
            assert client.get(url).status_code == 200, (row.item.number, label, url)


@pytest.mark.django_db
def test_funnel_counts_equal_the_registries_on_demo_data(demo_city, client):
    """Each stage of the demo city's funnel equals the count of its registry, as the registry pages show them."""
    from django.db.models import Count, F, Q

    from orientir.accounts.models import User
    from orientir.contracts.models import Contract, ContractEvent
    from orientir.pupils.models import MotivatedPupil, RouteSheet, TargetedEntry

    client.force_login(User.objects.get(username="oyuko"))
    page = client.get(reverse("reports:funnel"))
    counts = {row["key"]: row["count"] for row in page.context["rows"]}
    reached = {state: set(ContractEvent.objects.filter(to_state=state).values_list("contract_id", flat=True))
               for state in ("admitted", "studying", "graduated", "employed", "fulfilled")}
    signed = Contract.objects.exclude(state="draft")
    assert counts["identified"] == MotivatedPupil.objects.values("pupil").distinct().count() > 0
    assert counts["targeted"] == TargetedEntry.objects.values("pupil").distinct().count() > 0
    assert counts["route_done"] == (RouteSheet.objects.annotate(
        total=Count("items"), done=Count("items", filter=Q(items__done_on__isnull=False)))
        .filter(total__gt=0, total=F("done")).count()) > 0
    assert counts["signed"] == signed.count() > 0
    assert counts["admitted"] == len(reached["admitted"] | reached["studying"]) > 0
    assert counts["graduated"] == len(reached["graduated"]) > 0
    assert counts["employed"] == len(reached["employed"]) > 0
    assert counts["fulfilled"] == len(reached["fulfilled"]) > 0
    # the drill-down lists exactly the people counted
    people = client.get(reverse("reports:funnel_people", args=["employed"]))
    assert people.context["total"] == counts["employed"]


@pytest.mark.django_db
def test_the_observer_gets_the_aggregated_report_where_the_registry_is_personal(demo_city, client):
    """2.9 and 2.11: the registry of contracts names citizens, the observer may not read it — but may read the
    report on them, and the book gives that instead of «недоступно»."""
    from orientir.accounts.models import User

    client.force_login(User.objects.get(username="observer"))
    page = client.get(reverse("reports:book"))
    rows = {r.item.number: r for r in page.context["rows"]}
    for number in ("2.9", "2.11"):
        assert rows[number].artifact == ("Отчёт по договорам о целевом обучении (без персональных данных)",
                                         reverse("contracts:report")), number
    assert "недоступно для вашей роли" not in page.content.decode()


@pytest.mark.django_db
def test_items_of_other_units_say_whose_tasks_they_are(demo_city, client):
    from orientir.accounts.models import User
    from orientir.plan.models import Task

    oyuko = User.objects.get(username="oyuko")
    client.force_login(oyuko)
    version = PlanVersion.objects.order_by("-year").first()
    rows = client.get(reverse("reports:book"), {"year": version.year}).context["rows"]
    others = [r for r in rows if not r.counts.get("total") and Task.objects.filter(version=version, item=r.item).exists()]
    assert others, "в демо-плане есть пункты, задачи которых ведут другие подразделения"
    for row in others:
        units = set(Task.objects.filter(version=version, item=row.item, unit__isnull=False)
                    .values_list("unit__short_name", flat=True))
        assert row.status[0] == "задачи у других"
        assert units <= set(row.owners) and "ОЮКО" not in units, row.item.number
