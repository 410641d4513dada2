"""Permission-matrix rows of the pupils pages (profile classes, targeted database, route sheets).

Each module of the pupils app adds its rows to ROWS; kwargs builders get the matrix objects `o`
(personas, city, school_a, school_b, pupil_a — a pupil of school A, pupil_b — of school B, …) and may
create what their URL needs.
"""

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

ROWS: dict = {
    # tutoring (2.3): readers see the page; the matrix tutor has no assigned pupils, observers no pupils at all
    "pupils:tutoring": [(lambda o: {"pk": o["pupil_a"].pk},
                           _only({"admin", "committee", "directorate", "methodologist", "coordinator_a"},
                                 tutor=MISSING, observer=MISSING))],
    "pupils:route_step_add": [(lambda o: {"pk": o["pupil_a"].pk}, POST_ONLY)],
    "pupils:route_step_mark": [(lambda o: {"pk": o["pupil_a"].pk, "step_id": 987654}, POST_ONLY)],
}


# --- Profile classes (2.1–2.1.4) and motivated pupils (2.2) ---------------------------------------------
# Readers: pupils.view without tutors (they see only their pupils' cards); writers: pupils.change;
# exports with pupils' names: pupils.export. Observers hold none of these.
CLASSES_READ = {"admin", "committee", "directorate", "methodologist", "coordinator_a"}
CLASSES_WRITE = {"admin", "coordinator_a"}
PERSONAL_EXPORT = {"admin", "methodologist", "coordinator_a"}


def _profile_class(o, school="school_a"):
    from orientir.pupils.models import ProfileClass

    pc, _ = ProfileClass.objects.get_or_create(organisation=o[school], start_year=2026, name="10 «П»",
                                               defaults={"orientation": "pedagogical", "planned_headcount": 25})
    return {"pk": pc.pk}


def _motivation(o):
    from orientir.pupils.models import MotivatedPupil

    mark, _ = MotivatedPupil.objects.get_or_create(pupil=o["pupil_a"], start_year=2026,
                                                   defaults={"sector": "education"})
    return {"pk": mark.pk}


ROWS.update({
    "pupils:class_list": [(None, _only(CLASSES_READ))],
    "pupils:class_export": [(None, _only(CLASSES_READ))],
    "pupils:class_create": [(None, _only(CLASSES_WRITE))],
    "pupils:class_detail": [
        (_profile_class, _only(CLASSES_READ)),
        # another school's class: 404 for school A's coordinator, exactly like a missing one
        (lambda o: _profile_class(o, "school_b"), _only(CLASSES_READ, coordinator_a=MISSING)),
        (lambda o: {"pk": 987654}, _only(CLASSES_READ, status_ok=MISSING)),
    ],
    "pupils:class_edit": [
        (_profile_class, _only(CLASSES_WRITE)),
        (lambda o: _profile_class(o, "school_b"), _only({"admin"}, coordinator_a=MISSING)),
    ],
    "pupils:class_delete": [(_profile_class, POST_ONLY)],
    "pupils:class_roster_export": [
        (_profile_class, _only(PERSONAL_EXPORT)),
        (lambda o: _profile_class(o, "school_b"), _only({"admin", "methodologist"}, coordinator_a=MISSING)),
    ],
    "pupils:class_member_add": [(_profile_class, POST_ONLY)],
    "pupils:class_member_remove": [(lambda o: {**_profile_class(o), "member_pk": 987654}, POST_ONLY)],
    "pupils:class_activity_add": [(_profile_class, POST_ONLY)],
    "pupils:class_activity_delete": [(lambda o: {**_profile_class(o), "activity_pk": 987654}, POST_ONLY)],
    "pupils:class_activity_list": [(None, _only(CLASSES_READ))],
    "pupils:class_activity_export": [(None, _only(CLASSES_READ))],
    "pupils:class_monitoring": [(None, _only(CLASSES_READ))],
    "pupils:class_monitoring_report": [(lambda o: {"fmt": "xlsx"}, _only(CLASSES_READ)),
                                         (lambda o: {"fmt": "pdf"}, _only(CLASSES_READ))],
    "pupils:motivated_list": [(None, _only(CLASSES_READ))],
    "pupils:motivated_export": [(None, _only(PERSONAL_EXPORT))],
    "pupils:motivated_create": [(None, _only(CLASSES_WRITE))],
    "pupils:motivated_edit": [(_motivation, _only(CLASSES_WRITE))],
    "pupils:motivated_delete": [(_motivation, POST_ONLY)],
})


# --- Targeted database (2.8.1), route sheets (2.8.2, 2.8.3), their monitoring (2.8.5) -------------------
# Readers: pupils.view, tutors included (they reach only the assigned pupils, so the matrix tutor, assigned
# to nobody, gets 404 on a record); writers: pupils.change; a named export: pupils.export.
ROUTES_READ = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor"}
ROUTES_WRITE = {"admin", "coordinator_a"}
ROUTES_EXPORT = {"admin", "methodologist", "coordinator_a"}


def _targeted(o, school="school_a", tutor=False):
    """A consenting 9th-grader of the school in the targeted database with a sheet from the education template."""
    import datetime

    from orientir.directory.models import Specialty
    from orientir.pupils import services, services_routes
    from orientir.pupils.models import RouteSheetTemplate

    pupil = services.pupil_create(actor=None, organisation=o[school], data={"last_name": "Целевой", "first_name":
                                                                             "Ученик", "grade": 9},
                                  consent={"given_by_name": "Целевая Мать", "given_on": datetime.date(2026, 9, 1)})
    entry = services_routes.targeted_entry_create(
        actor=None, pupil=pupil, start_year=2026,
        data={"specialty": Specialty.objects.get(code="44.02.02"), "level": "spo"})
    sheet = services_routes.route_sheet_create(actor=None, entry=entry,
                                               template=RouteSheetTemplate.objects.filter(sector="education").first())
    if tutor:
        services.tutor_assign(actor=None, pupil=pupil, tutor=o["personas"]["tutor"], start_year=2026)
    return {"pk": entry.pk, "item": sheet.items.order_by("id").first().pk}


def _entry(o, **kw):
    return {"pk": _targeted(o, **kw)["pk"]}


ROWS.update({
    "pupils:targeted_list": [(None, _only(ROUTES_READ))],
    "pupils:targeted_export": [(None, _only(ROUTES_EXPORT))],
    "pupils:targeted_summary_export": [(None, _only(ROUTES_READ))],
    "pupils:targeted_create": [(None, _only(ROUTES_WRITE))],
    "pupils:targeted_edit": [
        (_entry, _only(ROUTES_WRITE, tutor=MISSING, observer=MISSING)),
        (lambda o: _entry(o, school="school_b"), _only({"admin"}, coordinator_a=MISSING, tutor=MISSING,
                                                        observer=MISSING)),
    ],
    "pupils:route_sheet_list": [(None, _only(ROUTES_READ))],
    "pupils:route_sheet_export": [(None, _only(ROUTES_EXPORT))],
    "pupils:route_sheet": [
        (_entry, _only(ROUTES_READ, tutor=MISSING, observer=MISSING)),
        # the tutor assigned to the pupil reads the sheet
        (lambda o: _entry(o, tutor=True), _only(ROUTES_READ, observer=MISSING)),
        (lambda o: _entry(o, school="school_b"), _only(ROUTES_READ, coordinator_a=MISSING, tutor=MISSING,
                                                        observer=MISSING)),
        (lambda o: {"pk": 987654}, _only(ROUTES_READ, status_ok=MISSING, observer=MISSING)),
    ],
    "pupils:route_sheet_create": [(_entry, POST_ONLY)],
    "pupils:route_sheet_file": [
        (lambda o: {**_entry(o), "fmt": "xlsx"}, _only(ROUTES_EXPORT, tutor=MISSING, observer=MISSING)),
        (lambda o: {**_entry(o, school="school_b"), "fmt": "pdf"},
         _only(ROUTES_EXPORT - {"coordinator_a"}, coordinator_a=MISSING, tutor=MISSING, observer=MISSING)),
    ],
    "pupils:route_item_add": [(_entry, POST_ONLY)],
    "pupils:route_item_edit": [
        (_targeted, _only(ROUTES_WRITE, tutor=MISSING, observer=MISSING)),
        (lambda o: _targeted(o, school="school_b"), _only({"admin"}, coordinator_a=MISSING, tutor=MISSING,
                                                           observer=MISSING)),
    ],
    "pupils:route_item_delete": [(_targeted, POST_ONLY)],
    "pupils:route_item_mark": [(_targeted, POST_ONLY)],
    "pupils:route_monitoring": [(None, _only(ROUTES_READ))],
    "pupils:route_monitoring_report": [(lambda o: {"fmt": "xlsx"}, _only(ROUTES_READ)),
                                         (lambda o: {"fmt": "pdf"}, _only(ROUTES_READ)),
                                         (lambda o: {"fmt": "doc"}, _only(ROUTES_READ, status_ok=MISSING))],
    "pupils:route_monitoring_behind": [(lambda o: {"fmt": "xlsx"}, _only(ROUTES_EXPORT))],
})


# --- Typical route sheets (their upkeep): read with pupils.view, kept by an administrator and the methodologist.
# Templates belong to no school, so there is no other school's template; a missing one answers 404 to everyone.
TEMPLATES_READ = ROUTES_READ
TEMPLATES_WRITE = {"admin", "methodologist"}


def _template(o):
    from orientir.pupils.models import RouteSheetTemplate

    return {"pk": RouteSheetTemplate.objects.get(sector="education").pk}


def _template_item(o):
    from orientir.pupils.models import RouteSheetTemplate

    template = RouteSheetTemplate.objects.get(sector="education")
    return {"pk": template.pk, "item": template.items.order_by("id").first().pk}


MISSING_TEMPLATE = _all(MISSING)

ROWS.update({
    "pupils:route_template_list": [(None, _only(TEMPLATES_READ))],
    "pupils:route_template_export": [(None, _only(TEMPLATES_READ))],
    "pupils:route_template_create": [(None, _only(TEMPLATES_WRITE))],
    "pupils:route_template": [(_template, _only(TEMPLATES_READ)), (lambda o: {"pk": 987654}, MISSING_TEMPLATE)],
    "pupils:route_template_edit": [(_template, _only(TEMPLATES_WRITE)),
                                     (lambda o: {"pk": 987654}, MISSING_TEMPLATE)],
    "pupils:route_template_active": [(_template, POST_ONLY)],
    "pupils:route_template_delete": [(_template, POST_ONLY)],
    "pupils:route_template_item_add": [(_template, POST_ONLY)],
    "pupils:route_template_item_edit": [
        (_template_item, _only(TEMPLATES_WRITE)),
        # a missing template: 404 for everyone; a missing item of an existing one: 404 for those who may edit
        (lambda o: {"pk": 987654, "item": 987654}, MISSING_TEMPLATE),
        (lambda o: {**_template(o), "item": 987654}, _only(TEMPLATES_WRITE, status_ok=MISSING)),
    ],
    "pupils:route_template_item_delete": [(_template_item, POST_ONLY)],
    "pupils:route_template_item_move": [(_template_item, POST_ONLY)],
})
