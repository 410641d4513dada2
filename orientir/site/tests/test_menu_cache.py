"""The menu of each set of rights is built once per process (decision 70); what each user sees stays theirs, and the
highlighted entry is the page's own on every request."""

from django.urls import reverse


def _menu(response) -> list[tuple[str, str, bool]]:
    return [(i["title"], i["url"], i["active"]) for i in response.context["menu"]]


def test_each_role_keeps_its_own_menu_and_the_active_entry_follows_the_page(personas, client_for):
    committee = client_for(personas["committee"])
    on_home = _menu(committee.get(reverse("core:home")))
    on_list = _menu(committee.get(reverse("directory:organisation_list")))
    assert [t for t, _, active in on_home if active] == ["Главная"]
    assert [t for t, _, active in on_list if active] == ["Организации"]
    assert [(t, u) for t, u, _ in on_home] == [(t, u) for t, u, _ in on_list]
    assert "Пользователи" not in [t for t, _, _ in on_home]

    admin_menu = _menu(client_for(personas["admin"]).get(reverse("core:home")))
    assert ("Пользователи", reverse("accounts:user_list"), False) in admin_menu
    # the committee's menu is not the administrator's, though both were built in this process
    assert _menu(client_for(personas["committee"]).get(reverse("core:home"))) == on_home
