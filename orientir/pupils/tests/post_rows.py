"""POST rows of the pupils pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Pupils' records are written by the school's coordinator and an administrator (pupils.change). A pupil in a role's
scope that the role may not change answers 403 (the committee, the education directorate, the quality centre); a
pupil outside it 404 — another school's for school A's coordinator, every pupil not assigned to them for the tutor,
every pupil for the observer (no pupils.view). Profile classes and motivated pupils are registers: the tutor and the
observer get 403 there before any lookup. Tutoring (route, plan, route marks) is also the assigned tutor's.
Typical route sheets are kept by an administrator and the methodologist.

Most writes need a pupil with an active consent: the rows make one (the matrix pupils have none).
"""

import datetime
import io

from orientir.accounts.tests.post_matrix_kit import (KEEP, MISSING, Post, crossed, form_values, from_get, today, upload,
                                                     writes)
from orientir.pupils.tests.matrix_rows import ROWS as GET_ROWS

WRITE_PUPILS = {"admin", "coordinator_a"}
# school A's pupil: the readers of the school get 403, the unassigned tutor and the observer 404
PUPIL = {"tutor": MISSING, "observer": MISSING}
PUPIL_B = {**PUPIL, "coordinator_a": MISSING}
TEMPLATES = {"admin", "methodologist"}


def _year() -> int:
    from orientir.pupils.selectors_classes import current_year

    return current_year()


def _pupil(o, school="school_a", grade=9, name="Согласова", tutor=False):
    """A studying pupil with an active consent (found again if a builder asks twice)."""
    from orientir.careers.tests.helpers import make_pupil
    from orientir.pupils import services
    from orientir.pupils.models import Pupil

    pupil = (Pupil.objects.filter(organisation=o[school], last_name=name, grade=grade).first()
             or make_pupil(o[school], name, grade=grade))
    if tutor:
        services.tutor_assign(actor=None, pupil=pupil, tutor=o["personas"]["tutor"], start_year=_year())
    return pupil


def _pk(obj):
    return {"pk": obj.pk}


def _rows(builder, data, *, tutor_may=False):
    """School A's consenting pupil, school B's, and (for tutoring) a pupil assigned to the tutor."""
    rows = [Post(lambda o: builder(o, "school_a"), data, writes(WRITE_PUPILS, **PUPIL)),
            Post(lambda o: builder(o, "school_b"), data, writes({"admin"}, **PUPIL_B))]
    if tutor_may:
        rows.append(Post(lambda o: builder(o, "school_a", tutor=True), data,
                         writes(WRITE_PUPILS | {"tutor"}, observer=MISSING)))
    return rows


# --- Pupils ---------------------------------------------------------------------------------------------------

def _new_pupil(school):
    def data(o, kwargs):
        return {"organisation": o[school].pk, "last_name": "Новикова", "first_name": "Дарья",
                "middle_name": "Игоревна", "birth_date": datetime.date(today().year - 15, 3, 14).isoformat(),
                "grade": "9", "class_letter": "Б", "phone": "+7 (910) 123-45-67", "email": "",
                "interest_sector": "education", "consent_given_by_name": "Новикова Ирина Петровна",
                "consent_given_by": "representative", "consent_given_on": today().isoformat(),
                "consent_document_ref": "Заявление от " + today().strftime("%d.%m.%Y")}
    return data


def _pupil_form(o, kwargs):
    from orientir.pupils import services
    from orientir.pupils.models import Pupil
    from orientir.pupils.views import PupilForm

    pupil = Pupil.objects.get(pk=kwargs["pk"])
    form = PupilForm(instance=pupil, user=o["personas"]["admin"], has_consent=services.has_active_consent(pupil))
    return form_values(form, phone="+7 (910) 765-43-21", class_letter="В")


def _with_representative(o, school, tutor=False):
    from orientir.pupils import services

    pupil = _pupil(o, school, tutor=tutor)
    rep = services.representative_add(actor=None, pupil=pupil, data={"full_name": "Согласова Ольга Петровна",
                                                                     "relation": "mother", "phone": "", "email": ""})
    return {"pk": pupil.pk, "rep_id": rep.pk}


def _tutor_b(o):
    from conftest import make_user
    from orientir.accounts.models import User

    return (User.objects.filter(username="tutor_b").first()
            or make_user("tutor_b", "tutor", o["city"], organisation=o["school_b"]))


def _assignment(o, school, tutor=False):
    from orientir.pupils import services

    pupil = _pupil(o, school)
    who = o["personas"]["tutor"] if school == "school_a" else _tutor_b(o)
    link = services.tutor_assign(actor=None, pupil=pupil, tutor=who, start_year=_year())
    return {"pk": pupil.pk, "assignment_id": link.pk}


def _import_file(o, kwargs):
    import xlsxwriter

    from orientir.pupils.importer import COLUMNS, HEADER_ROW

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("Обучающиеся")
    for col, (_, title) in enumerate(COLUMNS):
        sheet.write(HEADER_ROW - 1, col, title)
    row = ["Загрузкина", "Анна", "Сергеевна", "", "9", "А", "", "", "Загрузкина Ольга Петровна",
           today().strftime("%d.%m.%Y")]
    for col, value in enumerate(row):
        sheet.write(HEADER_ROW, col, value)
    book.close()
    return {"file": upload("pupils.xlsx", buf.getvalue(),
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def _route(o, school="school_a", tutor=False, step=False):
    from orientir.pupils import services_tutoring
    from orientir.pupils.views_tutoring import school_year

    pupil = _pupil(o, school, tutor=tutor)
    route = services_tutoring.route_save(actor=None, pupil=pupil, start_year=school_year(), goals="Поступить в КГУ")
    if step:
        s = services_tutoring.route_step_add(actor=None, route=route, title="Профпроба",
                                             due_on=today() + datetime.timedelta(days=30))
        return {"pk": pupil.pk, "step_id": s.pk}
    return {"pk": pupil.pk}


ROWS: dict = {
    "pupils:pupil_create": [
        Post(None, _new_pupil("school_a"), writes(WRITE_PUPILS)),
        # a pupil of another school: not in the coordinator's choice of schools (the form refuses it)
        Post(None, _new_pupil("school_b"), writes({"admin"}, coordinator_a=KEEP)),
    ],
    "pupils:pupil_edit": _rows(lambda o, school, tutor=False: _pk(_pupil(o, school)), _pupil_form),
    "pupils:consent_withdraw": _rows(lambda o, school, tutor=False: _pk(_pupil(o, school)),
                                       {"reason": "Заявление законного представителя"}),
    "pupils:representative_add": _rows(lambda o, school, tutor=False: _pk(_pupil(o, school)),
                                         {"full_name": "Согласов Пётр Иванович", "relation": "father",
                                          "phone": "+7 (910) 111-22-33", "email": ""}),
    "pupils:representative_remove": _rows(_with_representative, {}),
    "pupils:tutor_assign": [
        Post(lambda o: _pk(_pupil(o)), lambda o, kw: {"tutor": o["personas"]["tutor"].pk},
             writes(WRITE_PUPILS, **PUPIL)),
        Post(lambda o: _pk(_pupil(o, "school_b")), lambda o, kw: {"tutor": _tutor_b(o).pk},
             writes({"admin"}, **PUPIL_B)),
        # another school's tutor for school A's pupil: refused by the service, whoever asks
        Post(lambda o: _pk(_pupil(o)), lambda o, kw: {"tutor": _tutor_b(o).pk},
             writes(set(), admin=KEEP, coordinator_a=KEEP, **PUPIL)),
    ],
    # the tutor assigned to school A's pupil sees the pupil (403 on changing the assignment, not 404)
    "pupils:tutor_unassign": [Post(lambda o: _assignment(o, "school_a"), {},
                                     writes(WRITE_PUPILS, observer=MISSING)),
                                Post(lambda o: _assignment(o, "school_b"), {}, writes({"admin"}, **PUPIL_B))],
    # the school's own coordinator loads and moves their school's pupils; nobody else, not even an administrator
    "pupils:pupil_import": [Post(None, _import_file, writes({"coordinator_a"}))],
    "pupils:rollover": [Post(None, lambda o, kw: {"on": datetime.date(today().year, 9, 1).isoformat()},
                               writes({"coordinator_a"}))],
    # tutoring: the readers of the school see the page but only the coordinator and the pupil's tutor keep it
    "pupils:tutoring": _rows(lambda o, school, tutor=False: _pk(_pupil(o, school, tutor=tutor)),
                               {"which": "route", "route-goals": "Поступить на педагогическую специальность"},
                               tutor_may=True),
    "pupils:route_step_add": _rows(_route, {"step-title": "Профессиональная проба в колледже",
                                              "step-due_on": (today() + datetime.timedelta(days=20)).isoformat()},
                                     tutor_may=True),
    "pupils:route_step_mark": _rows(lambda o, school, tutor=False: _route(o, school, tutor, step=True),
                                      {"status": "done"}, tutor_may=True),
}


# --- Profile classes (2.1) and motivated pupils (2.2) --------------------------------------------------------
# pupils.change is asked first (403 for every other role, the tutor included), then the school (404).

CLASS_B = {"coordinator_a": MISSING}


def _class(o, school="school_a"):
    from orientir.pupils.models import ProfileClass

    pc, _ = ProfileClass.objects.get_or_create(organisation=o[school], start_year=_year(), name="10 «П»",
                                               defaults={"orientation": "pedagogical", "planned_headcount": 25})
    return pc


def _class_form(o, kwargs):
    from orientir.pupils.forms_classes import ProfileClassForm
    from orientir.pupils.models import ProfileClass

    form = ProfileClassForm(instance=ProfileClass.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"])
    return form_values(form, planned_headcount="28", partners="Костромской педагогический колледж")


def _new_class(o, kwargs):
    return {"organisation": o["school_a"].pk, "start_year": _year(), "name": "10 «М»", "kind": "class",
            "orientation": "medical", "grade": "10", "planned_headcount": "25",
            "partners": "Костромской базовый медицинский колледж", "description": ""}


def _member(o, school="school_a"):
    from orientir.pupils import services_classes

    pc = _class(o, school)
    link = services_classes.member_add(actor=None, profile_class=pc, pupil=_pupil(o, school, grade=10),
                                       joined_on=today())
    return {"pk": pc.pk, "member_pk": link.pk}


def _activity(o, school="school_a"):
    from orientir.pupils import services_classes

    pc = _class(o, school)
    activity = services_classes.activity_add(actor=None, profile_class=pc, data={
        "held_on": today(), "kind": "excursion", "title": "Экскурсия в колледж", "partner": "Колледж",
        "participants": 20, "notes": ""}, today=today())
    return {"pk": pc.pk, "activity_pk": activity.pk}


def _mark(o, school="school_a"):
    from orientir.pupils import services_classes

    mark = services_classes.motivated_mark(actor=None, pupil=_pupil(o, school), start_year=_year(),
                                           sector="education")
    return {"pk": mark.pk}


def _class_rows(builder, data):
    return [Post(lambda o: builder(o), data, writes(WRITE_PUPILS)),
            Post(lambda o: builder(o, "school_b"), data, writes({"admin"}, **CLASS_B))]


ROWS.update({
    "pupils:class_create": [Post(None, _new_class, writes(WRITE_PUPILS))],
    "pupils:class_edit": from_get(GET_ROWS["pupils:class_edit"], _class_form),
    "pupils:class_delete": _class_rows(lambda o, school="school_a": _pk(_class(o, school)), {}),
    "pupils:class_member_add": [
        Post(lambda o: _pk(_class(o)), lambda o, kw: {"pupil": _pupil(o, grade=10).pk,
                                                      "joined_on": today().isoformat()}, writes(WRITE_PUPILS)),
        Post(lambda o: _pk(_class(o, "school_b")), lambda o, kw: {"pupil": _pupil(o, "school_b", grade=10).pk,
                                                                  "joined_on": today().isoformat()},
             writes({"admin"}, **CLASS_B)),
        # another school's pupil into school A's class: not among the class's candidates (the form refuses it)
        Post(lambda o: _pk(_class(o)), lambda o, kw: {"pupil": _pupil(o, "school_b", grade=10).pk,
                                                      "joined_on": today().isoformat()},
             writes(set(), admin=KEEP, coordinator_a=KEEP)),
    ],
    "pupils:class_member_remove": _class_rows(_member, {"left_on": today().isoformat()}),
    "pupils:class_activity_add": _class_rows(
        lambda o, school="school_a": _pk(_class(o, school)),
        {"held_on": today().isoformat(), "kind": "master_class", "title": "Мастер-класс «Первый урок»",
         "partner": "Костромской педагогический колледж", "participants": "18", "notes": ""}),
    "pupils:class_activity_delete": _class_rows(_activity, {}),
    "pupils:motivated_create": [
        Post(None, lambda o, kw: {"pupil": _pupil(o).pk, "sector": "education", "note": "Хочет стать учителем"},
             writes(WRITE_PUPILS)),
        # another school's pupil: outside the coordinator's pupils (the form refuses it)
        Post(None, lambda o, kw: {"pupil": _pupil(o, "school_b").pk, "sector": "education", "note": ""},
             writes({"admin"}, coordinator_a=KEEP)),
    ],
    "pupils:motivated_edit": _class_rows(_mark, {"sector": "culture", "note": "Передумала: библиотечное дело"}),
    "pupils:motivated_delete": _class_rows(_mark, {}),
})


# --- Targeted database and route sheets (2.8) ------------------------------------------------------------------

def _entry(o, school="school_a", tutor=False, sheet=True):
    from orientir.directory.models import Specialty
    from orientir.pupils import services_routes
    from orientir.pupils.models import RouteSheetTemplate

    pupil = _pupil(o, school, tutor=tutor)
    entry = services_routes.targeted_entry_create(actor=None, pupil=pupil, start_year=_year(), data={
        "specialty": Specialty.objects.get(code="44.02.02"), "level": "spo"})
    if sheet:
        services_routes.route_sheet_create(actor=None, entry=entry,
                                           template=RouteSheetTemplate.objects.filter(sector="education").first())
    return entry


def _item(o, school="school_a", tutor=False):
    entry = _entry(o, school, tutor)
    return {"pk": entry.pk, "item": entry.route_sheet.items.order_by("id").first().pk}


def _new_entry(school):
    def data(o, kwargs):
        from orientir.directory.models import Specialty

        return {"pupil": _pupil(o, school).pk, "start_year": _year(),
                "specialty": Specialty.objects.get(code="44.02.02").pk, "level": "spo",
                "desired_institution": "Костромской педагогический колледж", "customer": o["school_a"].pk,
                "status": "declared", "note": ""}
    return data


def _entry_form(o, kwargs):
    from orientir.pupils.forms_routes import TargetedEntryForm
    from orientir.pupils.models import TargetedEntry

    form = TargetedEntryForm(instance=TargetedEntry.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"],
                             today=today())
    return form_values(form, status="in_work", note="Посетил день открытых дверей")


def _item_form(o, kwargs):
    from orientir.pupils.forms_routes import RouteItemForm
    from orientir.pupils.models import RouteSheetItem

    return form_values(RouteItemForm(instance=RouteSheetItem.objects.get(pk=kwargs["item"])),
                       note="Перенесено по просьбе колледжа")


def _sheet_rows(builder, data, *, tutor_may=False):
    rows = [Post(lambda o: builder(o), data, writes(WRITE_PUPILS, **PUPIL)),
            Post(lambda o: builder(o, "school_b"), data, writes({"admin"}, **PUPIL_B))]
    if tutor_may:
        rows.append(Post(lambda o: builder(o, tutor=True), data, writes(WRITE_PUPILS | {"tutor"}, observer=MISSING)))
    return rows


ROWS.update({
    "pupils:targeted_create": [
        Post(None, _new_entry("school_a"), writes(WRITE_PUPILS)),
        Post(None, _new_entry("school_b"), writes({"admin"}, coordinator_a=KEEP)),
    ],
    "pupils:targeted_edit": _sheet_rows(lambda o, school="school_a": _pk(_entry(o, school)), _entry_form),
    "pupils:route_sheet_create": _sheet_rows(
        lambda o, school="school_a": _pk(_entry(o, school, sheet=False)),
        lambda o, kw: {"template": _template(o).pk}),
    "pupils:route_item_add": _sheet_rows(
        lambda o, school="school_a": _pk(_entry(o, school)),
        {"kind": "trial", "title": "Профессиональная проба «Вожатый»",
         "planned_on": today().isoformat(), "note": ""}),
    "pupils:route_item_edit": _sheet_rows(lambda o, school="school_a": _item(o, school), _item_form),
    "pupils:route_item_delete": _sheet_rows(lambda o, school="school_a": _item(o, school), {}),
    # marks: also the pupil's tutor; the readers of the school get 403 (they may not mark)
    "pupils:route_item_mark": _sheet_rows(_item, {"done_on": today().isoformat(), "note": "Выполнено"},
                                            tutor_may=True),
})


# --- Typical route sheets: no school owns one; a missing one answers 404 to everybody -------------------------

def _template(o, kwargs=None):
    from orientir.pupils.models import RouteSheetTemplate

    return RouteSheetTemplate.objects.get(sector="education")


def _template_item(o):
    """The template's first activity that has another after it in the same month (so it can move down)."""
    from orientir.pupils import services_routes

    template = _template(o)
    first = template.items.order_by("month", "order", "id").first()
    if template.items.filter(month=first.month).count() == 1:
        services_routes.route_template_item_add(actor=None, template=template, data={
            "kind": "consultation", "title": "Консультация родителей", "month": first.month, "order": None})
    return {"pk": template.pk, "item": first.pk}


def _template_form(o, kwargs):
    from orientir.pupils.forms_routes import RouteTemplateForm

    return form_values(RouteTemplateForm(instance=_template(o)), name="Типовой маршрутный лист: педагогика")


def _template_item_form(o, kwargs):
    from orientir.pupils.forms_routes import RouteTemplateItemForm
    from orientir.pupils.models import RouteSheetTemplateItem

    item = RouteSheetTemplateItem.objects.get(pk=_template_item(o)["item"])
    return form_values(RouteTemplateItemForm(instance=item), title="Встреча с выпускниками колледжа")


ROWS.update({
    "pupils:route_template_create": [Post(None, {"sector": "sport", "name": "Типовой маршрутный лист: спорт",
                                                   "is_active": "on"}, writes(TEMPLATES))],
    "pupils:route_template_edit": from_get(GET_ROWS["pupils:route_template_edit"], _template_form),
    "pupils:route_template_active": [Post(lambda o: _pk(_template(o)), {"active": "0"}, writes(TEMPLATES))],
    "pupils:route_template_delete": [Post(lambda o: _pk(_template(o)), {}, writes(TEMPLATES))],
    "pupils:route_template_item_add": [Post(lambda o: _pk(_template(o)),
                                              {"kind": "consultation", "title": "Консультация педагога-психолога",
                                               "month": "3", "order": ""}, writes(TEMPLATES))],
    "pupils:route_template_item_edit": from_get(GET_ROWS["pupils:route_template_item_edit"],
                                                  _template_item_form),
    "pupils:route_template_item_delete": [Post(_template_item, {}, writes(TEMPLATES))],
    "pupils:route_template_item_move": [Post(_template_item, {"direction": "down"}, writes(TEMPLATES))],
})



# --- Crossed: school A's record in the URL, a sub-record of school B's in it -----------------------------------
# Each must be refused to everybody who may write to school A's record, with nothing written.

ROWS["pupils:representative_remove"].append(Post(
    lambda o: {"pk": _pupil(o).pk, "rep_id": _with_representative(o, "school_b")["rep_id"]}, {},
    crossed(WRITE_PUPILS, **PUPIL)))
ROWS["pupils:tutor_unassign"].append(Post(
    lambda o: {"pk": _pupil(o).pk, "assignment_id": _assignment(o, "school_b")["assignment_id"]}, {},
    crossed(WRITE_PUPILS, **PUPIL)))
ROWS["pupils:route_step_mark"].append(Post(
    lambda o: {"pk": _route(o)["pk"], "step_id": _route(o, "school_b", step=True)["step_id"]}, {"status": "done"},
    crossed(WRITE_PUPILS, **PUPIL)))
ROWS["pupils:class_member_remove"].append(Post(
    lambda o: {"pk": _class(o).pk, "member_pk": _member(o, "school_b")["member_pk"]}, {}, crossed(WRITE_PUPILS)))
ROWS["pupils:class_activity_delete"].append(Post(
    lambda o: {"pk": _class(o).pk, "activity_pk": _activity(o, "school_b")["activity_pk"]}, {},
    crossed(WRITE_PUPILS)))
ROWS["pupils:route_item_delete"].append(Post(
    lambda o: {"pk": _entry(o).pk, "item": _item(o, "school_b")["item"]}, {}, crossed(WRITE_PUPILS, **PUPIL)))
# a mark is looked up with pupils.view: the school's readers do not find another sheet's item either (404)
ROWS["pupils:route_item_mark"].append(Post(
    lambda o: {"pk": _entry(o).pk, "item": _item(o, "school_b")["item"]}, {"done_on": today().isoformat(), "note": ""},
    crossed(WRITE_PUPILS, committee=MISSING, directorate=MISSING, methodologist=MISSING, **PUPIL)))
