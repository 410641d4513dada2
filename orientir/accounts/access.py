"""The one gate: may this user see or change this? Every queryset a user can reach comes from here.

Rules: a permission string says what a role may do at all; the scope says on which records. An
object outside the scope answers 404 exactly like a missing one, so ids cannot be probed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .roles import EDUCATION_WIDE, MUNICIPALITY_WIDE, ORGANISATION_ONLY, SECTOR_WIDE, Sector


def has_perm(user, perm: str) -> bool:
    """True when the user's role grants the permission string."""
    return bool(user and user.is_authenticated and perm in user.permissions)


def require(user, perm: str) -> None:
    """Refuse with 403 when the role lacks the permission (the page exists, the role may not use it)."""
    if not has_perm(user, perm):
        raise PermissionDenied("Недостаточно прав для этого действия.")


def _municipality_filter(user, queryset: QuerySet, field: str) -> QuerySet:
    if user.municipality_id:
        return queryset.filter(**{field: user.municipality_id})
    return queryset


def organisations_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Organisations the user may see: municipality, sector or their own, by role."""
    from orientir.directory.models import Organisation

    qs = Organisation.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return _municipality_filter(user, qs, "municipality_id")
    if user.role in SECTOR_WIDE:
        return _municipality_filter(user, qs, "municipality_id").filter(sector=user.sector or "-")
    if user.role in EDUCATION_WIDE:
        return _municipality_filter(user, qs, "municipality_id").filter(sector=Sector.EDUCATION)
    if user.role in ORGANISATION_ONLY:
        return qs.filter(pk=user.organisation_id) if user.organisation_id else qs.none()
    return qs.none()


def organisation_for_view(user, pk, perm: str = "directory.org.view"):
    """The organisation if it is in the user's scope (404 otherwise) and the role may use `perm` (403)."""
    org = organisations_for(user).filter(pk=pk).select_related("municipality").first()
    if org is None:
        raise Http404("Организация не найдена")
    require(user, perm)
    return org


def municipalities_for(user) -> QuerySet:
    """Municipalities the user may choose in forms and filters."""
    from orientir.directory.models import Municipality

    qs = Municipality.objects.all()
    if user.municipality_id:
        return qs.filter(pk=user.municipality_id)
    return qs


def sectors_for(user) -> list[tuple[str, str]]:
    """Sector choices the user may give an organisation."""
    if user.role in SECTOR_WIDE:
        return [(v, label) for v, label in Sector.choices if v == user.sector]
    if user.role in EDUCATION_WIDE:
        return [(Sector.EDUCATION.value, Sector.EDUCATION.label)]
    return list(Sector.choices)


def units_for(user) -> QuerySet:
    """Committee units of the user's municipality."""
    from orientir.directory.models import CommitteeUnit

    return _municipality_filter(user, CommitteeUnit.objects.all(), "municipality_id")


def users_for(user) -> QuerySet:
    """Accounts an administrator may manage: those of their municipality (all for a regional admin)."""
    from .models import User

    if not has_perm(user, "accounts.users.manage"):
        return User.objects.none()
    # people's cabinet accounts are not officials' to manage here (decision 57)
    return _municipality_filter(user, User.objects.exclude(role=CABINET_ROLE), "municipality_id")


def may_create_organisation(user) -> bool:
    """Coordinators edit their own card but do not add organisations."""
    return has_perm(user, "directory.org.change") and user.role not in ORGANISATION_ONLY


def require_organisation_create(user) -> None:
    """403 unless the user may add organisations to the registry."""
    if not may_create_organisation(user):
        raise PermissionDenied("Добавлять организации в реестр может только специалист Комитета.")


# --- The plan's tasks ------------------------------------------------------------------------------

def tasks_for(user):
    """Tasks the user may see: all of the municipality for admins and observers; a unit specialist
    their unit's tasks and the organisations' tasks of the items their unit answers for (within their
    organisation scope); a coordinator their organisation's tasks."""
    from django.db.models import Q

    from orientir.plan.models import Task

    qs = Task.objects.all()
    if not (user and user.is_authenticated and user.is_active and has_perm(user, "plan.view")):
        return qs.none()
    if user.municipality_id:
        qs = qs.filter(version__municipality_id=user.municipality_id)
    if user.role in {"admin", "observer"}:
        return qs
    if user.role in ORGANISATION_ONLY:
        return qs.filter(organisation_id=user.organisation_id) if user.organisation_id else qs.none()
    if user.unit_id:
        from orientir.plan.models import PlanItem

        org_ids = organisations_for(user).values("id")
        # Subqueries, not joins: a join through item.units would repeat a task once per responsible unit.
        unit_items = PlanItem.objects.filter(units=user.unit_id).values("id")
        return qs.filter(Q(unit_id=user.unit_id) | Q(organisation_id__in=org_ids, item_id__in=unit_items))
    return qs.none()


def task_for_view(user, pk, perm: str = "plan.view"):
    """The task if it is in the user's scope (404 otherwise) and the role may use `perm` (403)."""
    task = (tasks_for(user).filter(pk=pk)
            .select_related("item", "unit", "organisation", "version", "closed_by").first())
    if task is None:
        raise Http404("Задача не найдена")
    require(user, perm)
    return task


def is_task_owner(user, task) -> bool:
    """The person who answers for the task: a member of its unit or a coordinator of its organisation."""
    if task.organisation_id:
        return user.role == "coordinator" and user.organisation_id == task.organisation_id
    return bool(user.unit_id) and user.unit_id == task.unit_id


def plan_versions_for(user):
    from orientir.plan.models import PlanVersion

    qs = PlanVersion.objects.select_related("municipality")
    if not has_perm(user, "plan.view"):
        return qs.none()
    return _municipality_filter(user, qs, "municipality_id")


# --- Staffing monitoring ---------------------------------------------------------------------------

def staffing_campaigns_for(user):
    from orientir.staffing.models import StaffingCampaign

    if not has_perm(user, "staffing.view"):
        return StaffingCampaign.objects.none()
    return _municipality_filter(user, StaffingCampaign.objects.select_related("municipality"), "municipality_id")


def may_fill_return(user, ret) -> bool:
    """The organisation's own coordinator fills its return (an administrator may correct it)."""
    if not has_perm(user, "staffing.fill"):
        return False
    return user.role == "admin" or (user.role == "coordinator" and user.organisation_id == ret.organisation_id)


# --- Pupils (personal data of minors) --------------------------------------------------------------

def pupils_for(user):
    """Pupils the user may see: a school's coordinator its pupils, a tutor the assigned ones, the education
    directorate and the quality centre the municipality's schools, the committee and admins all."""
    from orientir.pupils.models import Pupil

    qs = Pupil.objects.all()
    if not has_perm(user, "pupils.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(tutor_assignments__tutor=user).distinct()
    return qs.filter(organisation_id__in=organisations_for(user).values("id"))


def pupil_for_view(user, pk, perm: str = "pupils.view"):
    """The pupil if in scope (404 otherwise, like a missing one) and the role may use `perm` (403)."""
    pupil = pupils_for(user).filter(pk=pk).select_related("organisation").first()
    if pupil is None:
        raise Http404("Обучающийся не найден")
    require(user, perm)
    return pupil


def may_tutor(user, pupil) -> bool:
    """Routes and plans are kept by the school's coordinator and by the pupil's own tutor."""
    if user.role == "admin" or (has_perm(user, "pupils.change") and user.organisation_id == pupil.organisation_id):
        return True
    return user.role == "tutor" and pupil.tutor_assignments.filter(tutor=user).exists()


def may_edit_route_templates(user) -> bool:
    """Typical route sheets are kept by an administrator and the quality centre's methodologist; everyone
    with pupils.view reads them."""
    return bool(user and user.is_authenticated and user.role in ("admin", "methodologist")
                and has_perm(user, "pupils.view"))


def funnel_scope(user):
    """(pupils, contracts) whose numbers the user may see in aggregate (the funnel): the pupils of the
    organisations in scope and the contracts in scope, whatever the personal-data permissions — names are
    shown only through pupils_for / contracts_for in the drill-down."""
    from orientir.pupils.models import Pupil

    if not has_perm(user, "reports.view"):
        return Pupil.objects.none(), contracts_counted_for(user, "reports.view")
    pupils = Pupil.objects.filter(organisation_id__in=organisations_for(user).values("id"))
    return pupils, contracts_counted_for(user, "reports.view")


# --- Career guidance (careers app: programme bank, delivery, events, parents, prep courses) ------------
# Lists (the *_for functions) need careers.view, or the permission the caller names (careers.report for the
# aggregated reports): without it they are empty, like pupils_for. The *_for_view functions keep the order
# scope first, then the permission: an object outside the scope answers 404, one in scope that the role may not
# use answers 403 (the same order as organisation_for_view).

CAREERS_VIEW = "careers.view"


def _careers_org_scope(user, queryset, field: str = "organisation_id"):
    """Rows of organisations in the user's scope, whatever the permissions (for the 404-before-403 lookups)."""
    return queryset.filter(**{f"{field}__in": organisations_for(user).values("id")})


def _careers_scope(user, queryset, field: str = "organisation_id", perm: str = CAREERS_VIEW):
    """Rows of organisations in the user's scope (runs, events, parents' log, prep courses) for a role holding
    `perm`; none otherwise."""
    if not has_perm(user, perm):
        return queryset.none()
    return _careers_org_scope(user, queryset, field)


def _programmes_visible(user):
    from django.db.models import Q

    from orientir.careers.models import Programme

    qs = Programme.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    qs = _municipality_filter(user, qs, "municipality_id")
    visible = Q(status=Programme.Status.APPROVED) | Q(organisation_id__in=organisations_for(user).values("id"))
    if has_perm(user, "careers.bank.approve"):
        visible |= Q(status__in=[Programme.Status.SUBMITTED, Programme.Status.RETURNED])
    return qs.filter(visible)


def programmes_for(user, perm: str = CAREERS_VIEW):
    """The bank as the user sees it: approved programmes of the municipality to everyone; drafts and returned
    ones to their organisation's scope; submitted ones also to the quality centre that approves them. Empty for
    a role without `perm`."""
    if not has_perm(user, perm):
        from orientir.careers.models import Programme

        return Programme.objects.none()
    return _programmes_visible(user)


def programme_for_view(user, pk, perm: str = CAREERS_VIEW):
    programme = (_programmes_visible(user).filter(pk=pk)
                 .select_related("organisation", "municipality", "reviewed_by").first())
    if programme is None:
        raise Http404("Программа не найдена")
    require(user, perm)
    return programme


def may_edit_programme(user, programme) -> bool:
    """The developing organisation's scope edits a draft or a returned programme; nobody edits it under review."""
    return (has_perm(user, "careers.bank.propose") and programme.is_editable
            and organisations_for(user).filter(pk=programme.organisation_id).exists())


def _career_object(user, queryset, pk, perm: str, missing: str, related=("organisation",)):
    """One careers record in the user's organisations (404 otherwise, like a missing one), then the permission."""
    obj = _careers_org_scope(user, queryset).filter(pk=pk).select_related(*related).first()
    if obj is None:
        raise Http404(missing)
    require(user, perm)
    return obj


def career_runs_for(user, perm: str = CAREERS_VIEW):
    from orientir.careers.models import ProgrammeRun

    return _careers_scope(user, ProgrammeRun.objects.all(), perm=perm)


def career_run_for_view(user, pk, perm: str = CAREERS_VIEW):
    from orientir.careers.models import ProgrammeRun

    return _career_object(user, ProgrammeRun.objects.all(), pk, perm, "Реализация программы не найдена",
                          related=("programme", "organisation"))


def career_events_for(user, perm: str = CAREERS_VIEW):
    from orientir.careers.models import CareerEvent

    return _careers_scope(user, CareerEvent.objects.all(), perm=perm)


def career_event_for_view(user, pk, perm: str = CAREERS_VIEW):
    from orientir.careers.models import CareerEvent

    return _career_object(user, CareerEvent.objects.all(), pk, perm, "Мероприятие не найдено")


def parent_consultations_for(user, perm: str = CAREERS_VIEW):
    from orientir.careers.models import ParentConsultation

    return _careers_scope(user, ParentConsultation.objects.all(), perm=perm)


def parent_consultation_for_view(user, pk, perm: str = CAREERS_VIEW):
    from orientir.careers.models import ParentConsultation

    return _career_object(user, ParentConsultation.objects.all(), pk, perm, "Запись не найдена",
                          related=("organisation", "pupil"))


def prep_courses_for(user, perm: str = CAREERS_VIEW):
    from orientir.careers.models import PrepCourse

    return _careers_scope(user, PrepCourse.objects.all(), perm=perm)


def prep_course_for_view(user, pk, perm: str = CAREERS_VIEW):
    from orientir.careers.models import PrepCourse

    return _career_object(user, PrepCourse.objects.all(), pk, perm, "Курс не найден")


def exam_results_for(user, perm: str = CAREERS_VIEW):
    """Pupils' exam results of the schools in scope, for a role holding `perm` (careers.report only for the
    aggregated comparison, which shows no names)."""
    from orientir.careers.models import ExamResult

    return _careers_scope(user, ExamResult.objects.all(), "pupil__organisation_id", perm=perm)


# ---------------------------------------------------------------------------------------------------


# --- Mentoring (mentoring app: programmes, mentors, pairs, meetings) ----------------------------------
# Coordinators, directorates, the quality centre and the committee see the programmes, mentors and pairs of the
# organisations of their scope (organisations_for); a tutor (a mentor with an account) only the pairs they lead.
# Observers hold mentoring.report only: aggregated figures, no names.

def mentoring_programmes_for(user):
    """Programmes of the organisations in the user's scope; a tutor those where they lead a pair."""
    from orientir.mentoring.models import Programme

    qs = Programme.objects.all()
    if not has_perm(user, "mentoring.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(pk__in=mentoring_pairs_for(user).values("programme_id"))
    return qs.filter(organisation_id__in=organisations_for(user).values("id"))


def mentoring_programme_for_view(user, pk, perm: str = "mentoring.view"):
    """The programme if in scope (404 otherwise, like a missing one) and the role may use `perm` (403)."""
    programme = mentoring_programmes_for(user).filter(pk=pk).select_related("organisation", "municipality").first()
    if programme is None:
        raise Http404("Программа наставничества не найдена")
    require(user, perm)
    return programme


def mentors_for(user):
    """Mentors attached to the organisations of the user's scope; a tutor only their own record."""
    from orientir.mentoring.models import Mentor

    qs = Mentor.objects.all()
    if not has_perm(user, "mentoring.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(user=user)
    return qs.filter(organisation_id__in=organisations_for(user).values("id"))


def mentor_for_view(user, pk, perm: str = "mentoring.view"):
    mentor = mentors_for(user).filter(pk=pk).select_related("organisation", "specialty", "user").first()
    if mentor is None:
        raise Http404("Наставник не найден")
    require(user, perm)
    return mentor


def mentoring_pairs_for(user):
    """Pairs of the programmes of the user's scope; a tutor only the pairs where they are the mentor."""
    from orientir.mentoring.models import Pair

    qs = Pair.objects.all()
    if not has_perm(user, "mentoring.view"):
        return qs.none()
    if user.role == "tutor":
        return qs.filter(mentor__user=user)
    return qs.filter(programme__organisation_id__in=organisations_for(user).values("id"))


def mentoring_pair_for_view(user, pk, perm: str = "mentoring.view"):
    pair = (mentoring_pairs_for(user).filter(pk=pk)
            .select_related("programme__organisation", "mentor__organisation", "mentor__specialty", "pupil__organisation",
                            "contract__specialty", "contract__customer").first())
    if pair is None:
        raise Http404("Пара наставничества не найдена")
    require(user, perm)
    return pair


# ---------------------------------------------------------------------------------------------------


# --- Target contracts (contracts app) ----------------------------------------------------------------

def contracts_for(user):
    """Contracts the user may see: the committee and admins those of their municipality; a directorate those
    whose customer or place of work is in its sector; a coordinator those where their organisation is a party
    (customer, employer or place of work)."""
    from django.db.models import Q

    from orientir.contracts.models import Contract

    qs = Contract.objects.all()
    if not has_perm(user, "contracts.view"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return _municipality_filter(user, qs, "municipality_id")
    org_ids = organisations_for(user).values("id")
    return qs.filter(Q(customer_id__in=org_ids) | Q(employer_id__in=org_ids) | Q(work_organisation_id__in=org_ids))


def contracts_counted_for(user, perm: str):
    """Contracts a role counts in aggregated reports (numbers, no names) when it holds `perm`: the municipality for
    municipality-wide roles (observers included), otherwise the contracts where an organisation in scope is a party."""
    from django.db.models import Q

    from orientir.contracts.models import Contract

    if not has_perm(user, perm):
        return Contract.objects.none()
    if user.role in MUNICIPALITY_WIDE:
        return _municipality_filter(user, Contract.objects.all(), "municipality_id")
    org_ids = organisations_for(user).values("id")
    return Contract.objects.filter(Q(customer_id__in=org_ids) | Q(employer_id__in=org_ids)
                                   | Q(work_organisation_id__in=org_ids))


def contract_for_view(user, pk, perm: str = "contracts.view"):
    """The contract if in scope (404 otherwise, like a missing one) and the role may use `perm` (403). A role
    without contracts.view at all (observers read aggregated reports only) gets 403 before any lookup."""
    require(user, "contracts.view")
    contract = contracts_for(user).filter(pk=pk).select_related(
        "municipality", "customer", "employer", "work_organisation", "specialty").first()
    if contract is None:
        raise Http404("Договор не найден")
    require(user, perm)
    return contract


# ---------------------------------------------------------------------------------------------------


# --- Contracted students and graduates (students app) --------------------------------------------------
# (scope functions of the students app go here; they build on contracts_for)

def student_contracts_for(user):
    """Contracts whose students and graduates the user may work with: the contracts of their scope
    (contracts_for), for a role holding students.view; none otherwise."""
    from orientir.contracts.models import Contract

    if not has_perm(user, "students.view"):
        return Contract.objects.none()
    return contracts_for(user)


def student_contract_for_view(user, pk, perm: str = "students.view"):
    """The contract of a student or graduate: 403 when the role lacks `perm`, 404 when out of scope."""
    require(user, perm)
    contract = student_contracts_for(user).filter(pk=pk).select_related(
        "municipality", "customer", "employer", "work_organisation", "work_position", "specialty").first()
    if contract is None:
        raise Http404("Договор не найден")
    return contract


def student_report_contracts_for(user):
    """Contracts counted in aggregated reports (students.report): the municipality for municipal roles and
    observers, the directorate's sector through contracts_for. Reports built on this show numbers, no names."""
    from orientir.contracts.models import Contract

    qs = Contract.objects.all()
    if not has_perm(user, "students.report"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return _municipality_filter(user, qs, "municipality_id")
    return contracts_for(user)


# --- Offers of targeted education (ПП № 555) -----------------------------------------------------------------

def offer_campaigns_for(user):
    """Offer campaigns of the municipalities the user may choose, for a role holding offers.view or offers.report."""
    from orientir.offers.models import OfferCampaign

    if not (has_perm(user, "offers.view") or has_perm(user, "offers.report")):
        return OfferCampaign.objects.none()
    return OfferCampaign.objects.filter(municipality__in=municipalities_for(user))


def offers_for(user):
    """Offers the user may see: the municipality's for municipal roles, otherwise those whose customer is an
    organisation of the user's scope (a directorate's sector, a coordinator's own organisation)."""
    from orientir.offers.models import Offer

    qs = Offer.objects.all()
    if not has_perm(user, "offers.view"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return _municipality_filter(user, qs, "campaign__municipality_id")
    return qs.filter(customer_id__in=organisations_for(user).values("id"))


def offer_for_view(user, pk, perm: str = "offers.view"):
    """The offer if in scope (404 otherwise) and the role may use `perm` (403)."""
    require(user, "offers.view")
    offer = offers_for(user).filter(pk=pk).select_related(
        "campaign__municipality", "customer", "specialty__group", "target").first()
    if offer is None:
        raise Http404("Предложение не найдено")
    require(user, perm)
    return offer


def offer_applications_for(user):
    """Applications (applicants' personal data) for a role holding offers.applications, in its municipality."""
    from orientir.offers.models import Application

    qs = Application.objects.all()
    if not has_perm(user, "offers.applications"):
        return qs.none()
    if user.role in MUNICIPALITY_WIDE:
        return _municipality_filter(user, qs, "offer__campaign__municipality_id")
    return qs.filter(offer__customer_id__in=organisations_for(user).values("id"))


def offer_application_for_view(user, pk, perm: str = "offers.applications"):
    require(user, perm)
    application = offer_applications_for(user).filter(pk=pk).select_related(
        "offer__campaign__municipality", "offer__customer", "offer__specialty", "pupil__organisation").first()
    if application is None:
        raise Http404("Заявка не найдена")
    return application


# --- The personal cabinet: pupils from 14, parents, students, young specialists (issue 18, decision 57) -----------
# A person's sign-in is a User with this role: it is in no role's table, so it holds no permission string and no
# staff scope (organisations_for and every *_for above answer none). What the person sees is the cabinet's links.
CABINET_ROLE = "cabinet"


def is_cabinet_user(user) -> bool:
    """True for a person's account (the cabinet entrance), False for staff and anonymous visitors."""
    return bool(user is not None and user.is_authenticated and getattr(user, "role", "") == CABINET_ROLE)


def cabinet_pupils_for(user):
    """Pupils the person sees: themselves (a pupil's account) or their children (a parent's)."""
    from orientir.pupils.models import Pupil

    if not (is_cabinet_user(user) and user.is_active):
        return Pupil.objects.none()
    return Pupil.objects.filter(cabinet_links__account__user=user)


def cabinet_pupil_for_view(user, pk):
    """The person's own pupil record (404 for anyone else's, exactly like a missing one)."""
    pupil = cabinet_pupils_for(user).filter(pk=pk).select_related("organisation").first()
    if pupil is None:
        raise Http404("Обучающийся не найден")
    return pupil


def cabinet_contracts_for(user):
    """Contracts the person is the citizen of."""
    from orientir.contracts.models import Contract

    if not (is_cabinet_user(user) and user.is_active):
        return Contract.objects.none()
    return Contract.objects.filter(cabinet_links__account__user=user)


def cabinet_contract_for_view(user, pk):
    contract = cabinet_contracts_for(user).filter(pk=pk).select_related(
        "municipality", "customer", "employer", "work_organisation", "work_position", "specialty").first()
    if contract is None:
        raise Http404("Договор не найден")
    return contract


def pupil_for_invitation(user, pk):
    """A pupil of the user's scope (404 otherwise) whom the role may invite to the cabinet (403 otherwise)."""
    return pupil_for_view(user, pk, perm="cabinet.invite")


def contract_for_invitation(user, pk):
    """A contract of the user's scope (404 otherwise) whose citizen the role may invite (403 otherwise)."""
    require(user, "cabinet.invite")
    return contract_for_view(user, pk, perm="cabinet.invite")
