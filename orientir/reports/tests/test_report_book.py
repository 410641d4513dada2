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
def test_a_coordinator_sees_only_what_their_role_may_open(demo_city, client):
    from orientir.accounts.models import User

    client.force_login(User.objects.get(username="school1"))
    page = client.get(reverse("reports:book"))
    assert page.status_code == 200
    for row in page.context["rows"]:
        if row.artifact:
            assert client.get(row.artifact[1], follow=True).status_code == 200, row.item.number
