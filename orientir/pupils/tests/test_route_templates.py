"""Typical route sheets (record 32): their list, export and upkeep by an administrator or the methodologist."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.pupils.models import RouteSheetItem, RouteSheetTemplate, RouteSheetTemplateItem

from .test_routes import make_entry, make_pupil


@pytest.fixture
def education():
    return RouteSheetTemplate.objects.get(sector="education")


@pytest.fixture
def methodologist(personas, client_for):
    return client_for(personas["methodologist"])


def item_form(**extra):
    return {"kind": "trial", "title": "Профессиональная проба «Логопед»", "month": 4, "order": "", **extra}


def test_create_and_edit_a_template(methodologist, personas):
    response = methodologist.post(reverse("pupils:route_template_create"),
                                  {"sector": "education", "name": "  Типовой маршрутный лист:   дошкольное образование ",
                                   "is_active": "on"})
    template = RouteSheetTemplate.objects.get(name__endswith="дошкольное образование")
    assert response.status_code == 302 and response["Location"] == reverse("pupils:route_template",
                                                                           args=[template.pk])
    assert template.name == "Типовой маршрутный лист: дошкольное образование" and template.is_active
    created = AuditEntry.objects.get(action="guidance.route_template.created", object_id=str(template.pk))
    assert created.actor == personas["methodologist"] and created.changes["sector"] == [None, "education"]

    edit = reverse("pupils:route_template_edit", args=[template.pk])
    assert methodologist.get(edit).status_code == 200
    assert methodologist.post(edit, {"sector": "education", "name": "Дошкольное образование (воспитатели)"}
                              ).status_code == 302
    template.refresh_from_db()
    assert template.name == "Дошкольное образование (воспитатели)" and not template.is_active
    updated = AuditEntry.objects.get(action="guidance.route_template.updated", object_id=str(template.pk))
    assert updated.changes["is_active"] == [True, False]
    page = methodologist.get(reverse("pupils:route_template", args=[template.pk])).content.decode()
    assert "не используется" in page and "Использовать снова" in page


def test_validation_messages(methodologist, education):
    create = reverse("pupils:route_template_create")
    response = methodologist.post(create, {"sector": "education", "name": education.name.upper(), "is_active": "on"})
    assert response.status_code == 422
    assert "уже есть типовой маршрутный лист" in response.content.decode()
    response = methodologist.post(create, {"sector": "", "name": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Выберите отрасль." in body and "Укажите наименование типового маршрутного листа." in body
    # the same name in another sector is fine
    assert methodologist.post(create, {"sector": "culture", "name": education.name}).status_code == 302

    add = reverse("pupils:route_template_item_add", args=[education.pk])
    count = education.items.count()
    for data, message in [(item_form(month=13), "Месяц учебного года должен быть от 1 (сентябрь) до 12 (август)."),
                          (item_form(month=""), "Выберите месяц учебного года."),
                          (item_form(title="   "), "Укажите мероприятие."),
                          (item_form(kind="dance"), "Выберите корректный вариант")]:
        response = methodologist.post(add, data)
        assert response.status_code == 422, data
        assert message in response.content.decode(), data
    assert education.items.count() == count
    item = education.items.order_by("id").first()
    response = methodologist.post(reverse("pupils:route_template_item_edit", args=[education.pk, item.pk]),
                                  item_form(month=0))
    assert response.status_code == 422 and "от 1 (сентябрь) до 12 (август)" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="guidance.route_template.item_").exists()


def test_items_add_edit_reorder_delete(methodologist, education, personas):
    add = reverse("pupils:route_template_item_add", args=[education.pk])
    assert methodologist.post(add, item_form(title="Проба первая", month=4)).status_code == 302
    assert methodologist.post(add, item_form(title="Проба вторая", month=4, kind="consultation")).status_code == 302
    april = list(education.items.filter(month=4).order_by("order", "id").values_list("title", flat=True))
    assert april[-2:] == ["Проба первая", "Проба вторая"]  # an item without an order goes last in its month
    second = RouteSheetTemplateItem.objects.get(title="Проба вторая")

    move = reverse("pupils:route_template_item_move", args=[education.pk, second.pk])
    assert methodologist.post(move, {"direction": "up"}).status_code == 302
    april = list(education.items.filter(month=4).order_by("order", "id").values_list("title", flat=True))
    assert april.index("Проба вторая") == april.index("Проба первая") - 1
    assert sorted(education.items.filter(month=4).values_list("order", flat=True)) == list(range(1, len(april) + 1))
    # the first of its month does not go higher: the month is changed instead
    while april.index("Проба вторая") > 0:
        methodologist.post(move, {"direction": "up"})
        april = list(education.items.filter(month=4).order_by("order", "id").values_list("title", flat=True))
    response = methodologist.post(move, {"direction": "up"}, follow=True)
    assert "первое в месяце «декабрь»" in response.content.decode()

    edit = reverse("pupils:route_template_item_edit", args=[education.pk, second.pk])
    assert methodologist.get(edit).status_code == 200
    assert methodologist.post(edit, item_form(title="Проба вторая (перенос)", month=9, order=5)).status_code == 302
    second.refresh_from_db()
    assert (second.title, second.month, second.order, second.kind) == ("Проба вторая (перенос)", 9, 5, "trial")

    delete = reverse("pupils:route_template_item_delete", args=[education.pk, second.pk])
    assert methodologist.post(delete).status_code == 302
    assert not RouteSheetTemplateItem.objects.filter(pk=second.pk).exists()

    log = AuditEntry.objects.filter(action__startswith="guidance.route_template.item_", object_id=str(education.pk))
    assert set(log.values_list("action", flat=True)) == {
        "guidance.route_template.item_added", "guidance.route_template.item_moved",
        "guidance.route_template.item_updated", "guidance.route_template.item_deleted"}
    assert all(e.actor == personas["methodologist"] for e in log)
    updated = log.get(action="guidance.route_template.item_updated")
    assert updated.changes["Месяц учебного года"] == ["4 — декабрь", "9 — май"]
    page = methodologist.get(reverse("pupils:route_template", args=[education.pk])).content.decode()
    assert "Изменение порядка мероприятий" in page and "Удаление мероприятия" in page and "Мероприятие удалено" in page


def test_a_used_template_is_kept_and_its_sheets_keep_their_items(methodologist, personas, school_a, education):
    from orientir.directory.models import Specialty

    entry = make_entry(make_pupil(school_a), Specialty.objects.get(code="44.02.02"))
    sheet_items = list(RouteSheetItem.objects.filter(sheet__entry=entry).order_by("planned_on", "id")
                       .values_list("kind", "title", "planned_on"))
    assert len(sheet_items) == education.items.count()

    delete = reverse("pupils:route_template_delete", args=[education.pk])
    response = methodologist.post(delete, follow=True)
    body = response.content.decode()
    assert RouteSheetTemplate.objects.filter(pk=education.pk).exists()
    assert "не удалён: из него составлены маршрутные листы обучающихся (1)" in body and "«Не использовать»" in body
    assert not AuditEntry.objects.filter(action="guidance.route_template.deleted").exists()

    # the template's items still change; the composed sheet keeps what it copied
    first = education.items.order_by("month", "order", "id").first()
    methodologist.post(reverse("pupils:route_template_item_edit", args=[education.pk, first.pk]),
                       item_form(title="Совсем другое мероприятие", month=2, order=1))
    methodologist.post(reverse("pupils:route_template_item_delete", args=[education.pk,
                                                                            education.items.order_by("id").last().pk]))
    methodologist.post(reverse("pupils:route_template_item_add", args=[education.pk]), item_form())
    assert list(RouteSheetItem.objects.filter(sheet__entry=entry).order_by("planned_on", "id")
                .values_list("kind", "title", "planned_on")) == sheet_items

    # «Не использовать» instead: no longer offered for new sheets
    assert methodologist.post(reverse("pupils:route_template_active", args=[education.pk]),
                              {"active": "0"}).status_code == 302
    education.refresh_from_db()
    assert not education.is_active
    page = methodologist.get(reverse("pupils:route_template", args=[education.pk])).content.decode()
    assert "уже составленные листы (1) сохраняют свои мероприятия" in page
    assert 'data-testid="template-delete"' not in page

    # an unused template goes away with its items, and the log keeps what it was
    sport = RouteSheetTemplate.objects.get(sector="sport")
    response = methodologist.post(reverse("pupils:route_template_delete", args=[sport.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("pupils:route_template_list")
    assert not RouteSheetTemplate.objects.filter(pk=sport.pk).exists()
    assert not RouteSheetTemplateItem.objects.filter(template_id=sport.pk).exists()
    deleted = AuditEntry.objects.get(action="guidance.route_template.deleted", object_id=str(sport.pk))
    assert deleted.changes["name"] == [sport.name, None] and deleted.changes["Мероприятий"][0] == 7


def test_readers_see_the_list_writers_only_admin_and_methodologist(personas, client_for, education):
    item = education.items.order_by("id").first()
    writes = [(reverse("pupils:route_template_create"), {"sector": "sport", "name": "Новый"}),
              (reverse("pupils:route_template_edit", args=[education.pk]), {"sector": "education", "name": "X"}),
              (reverse("pupils:route_template_active", args=[education.pk]), {"active": "0"}),
              (reverse("pupils:route_template_delete", args=[education.pk]), {}),
              (reverse("pupils:route_template_item_add", args=[education.pk]), item_form()),
              (reverse("pupils:route_template_item_edit", args=[education.pk, item.pk]), item_form()),
              (reverse("pupils:route_template_item_move", args=[education.pk, item.pk]), {"direction": "down"}),
              (reverse("pupils:route_template_item_delete", args=[education.pk, item.pk]), {})]
    coordinator = client_for(personas["coordinator_a"])
    for url, data in writes:
        assert coordinator.post(url, data).status_code == 403, url
    assert RouteSheetTemplate.objects.filter(pk=education.pk, is_active=True).exists()
    assert education.items.count() == 8 and RouteSheetTemplate.objects.count() == 3
    assert not AuditEntry.objects.filter(action__startswith="guidance.route_template").exists()

    # readers: the list and the card without buttons to change anything
    page = coordinator.get(reverse("pupils:route_template_list"))
    assert page.status_code == 200 and 'data-testid="template-add"' not in page.content.decode()
    card = coordinator.get(reverse("pupils:route_template", args=[education.pk])).content.decode()
    assert 'data-testid="template-item-add"' not in card and "route-templates/%d/edit/" % education.pk not in card
    sheets = coordinator.get(reverse("pupils:route_sheet_list")).content.decode()
    assert 'data-testid="route-templates-link"' in sheets
    assert client_for(personas["observer"]).get(reverse("pupils:route_template_list")).status_code == 403
    admin = client_for(personas["admin"])
    assert 'data-testid="template-add"' in admin.get(reverse("pupils:route_template_list")).content.decode()
    assert admin.post(reverse("pupils:route_template_active", args=[education.pk]), {"active": "0"}
                      ).status_code == 302


def test_list_filters_and_excel_export(personas, client_for, school_a, education):
    from orientir.directory.models import Specialty

    make_entry(make_pupil(school_a), Specialty.objects.get(code="44.02.02"))
    client = client_for(personas["directorate"])
    page = client.get(reverse("pupils:route_template_list"))
    rows = {t.sector: (t.items_count, t.sheets_count) for t in page.context["page"].object_list}
    assert rows == {"education": (8, 1), "culture": (7, 0), "sport": (7, 0)}
    assert [t.sector for t in client.get(reverse("pupils:route_template_list"), {"q": "КУЛЬТУРА"})
            .context["page"].object_list] == ["culture"]
    assert [t.sector for t in client.get(reverse("pupils:route_template_list"), {"sector": "sport"})
            .context["page"].object_list] == ["sport"]
    education.is_active = False
    education.save()
    assert [t.sector for t in client.get(reverse("pupils:route_template_list"), {"active": "no"})
            .context["page"].object_list] == ["education"]

    response = client.get(reverse("pupils:route_template_export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in next(r for r in book.iter_rows() if r[0].value == "Отрасль")]
    assert header == ["Отрасль", "Наименование", "Используется", "Мероприятий", "Составлено маршрутных листов"]
    data = [tuple(c.value for c in r) for r in book.iter_rows(min_row=5) if r[1].value]
    assert ("Образование", education.name, "нет", 8, 1) in data and len(data) == 3
    assert AuditEntry.objects.filter(action="guidance.route_templates.exported",
                                     actor=personas["directorate"]).count() == 1


def test_list_query_count_is_pinned(personas, client_for, django_assert_max_num_queries):
    """Session, user, count, page (+ the session's save): 7 whatever the number of templates; a search adds one."""
    client = client_for(personas["methodologist"])
    url = reverse("pupils:route_template_list")
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    for n in range(20):
        template = RouteSheetTemplate.objects.create(sector="culture", name=f"Лист культуры {n}")
        RouteSheetTemplateItem.objects.create(template=template, kind="trial", title="Проба", month=3)
    with django_assert_max_num_queries(7):
        assert len(client.get(url).context["page"].object_list) == 23
    with django_assert_max_num_queries(8):
        assert len(client.get(url, {"q": "лист культуры"}).context["page"].object_list) == 20
