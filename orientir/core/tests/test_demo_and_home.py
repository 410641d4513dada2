"""The demo city and the home dashboard counts."""

from django.core.management import call_command
from django.urls import reverse

from orientir.accounts.models import User
from orientir.accounts.roles import Role
from orientir.directory.models import CommitteeUnit, Organisation


def test_demo_city_has_the_planned_shape_and_is_idempotent(db):
    call_command("load_demo", "--scale", "city", verbosity=0)
    counts = {k: Organisation.objects.filter(kind=k).count() for k in Organisation.Kind.values}
    assert counts == {"school": 37, "kindergarten": 68, "additional": 25, "culture": 20, "sport": 10, "other": 0}
    assert CommitteeUnit.objects.count() == 5
    # one official per role, and the cabinet's people (decision 57), whose role is no official's
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values) | {"cabinet"}
    first = list(Organisation.objects.order_by("id").values_list("inn", "head_last_name")[:5])
    call_command("load_demo", "--if-empty", verbosity=0)
    assert Organisation.objects.count() == 160
    assert list(Organisation.objects.order_by("id").values_list("inn", "head_last_name")[:5]) == first


def test_demo_logins_work(client, db):
    call_command("load_demo", verbosity=0)
    assert client.login(username="school1", password="orientir-demo")
    page = client.get(reverse("core:home")).content.decode()
    assert "МБОУ СОШ № 1" in page
    client.logout()
    for login in ("pupil1", "parent1", "parent2", "student1", "specialist1"):  # the cabinet's demo people
        response = client.post(reverse("cabinet:login"), {"username": login, "password": "orientir-demo"})
        assert response.status_code == 302 and client.get(reverse("cabinet:home")).status_code == 200, login
        client.logout()


def test_dashboard_counts_match_scope(client_for, personas, school_a, school_b, library):
    response = client_for(personas["culture_directorate"]).get(reverse("core:home"))
    assert response.context["counts"]["total"] == 1
    response = client_for(personas["committee"]).get(reverse("core:home"))
    assert response.context["counts"]["total"] == 3 and response.context["counts"]["customers"] == 2


def test_health(client, db):
    assert client.get(reverse("core:health")).json() == {"status": "ok"}
