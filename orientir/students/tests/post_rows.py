"""POST rows of the students' card and the admission monitoring (merged into accounts/tests/test_post_matrix.py;
vocabulary in post_matrix_kit).

The permission is asked before the lookup: a role without it gets 403 for any contract — students.support (an
administrator, the committee, a school's coordinator) keeps study records, support, placements and employment;
students.payments (an administrator and the committee) the payments. A role holding it gets 404 for a contract
outside its scope: school B's for school A's coordinator, the library's too, the far school's (another
municipality) for everybody but the administrator.
"""

import datetime

from orientir.accounts.tests.post_matrix_kit import KEEP, MISSING, PASS, WRITE, Post, crossed, today, writes

SUPPORT = {"admin", "committee", "coordinator_a"}
PAYMENTS = {"admin", "committee"}


def _contract(o, org="school_a", state="studying", measures=False):
    """A contract whose customer (if a customer) and place of work is the organisation, in the given state."""
    from orientir.contracts.models import Contract, SupportMeasure
    from orientir.students.tests.conftest import make_contract

    target = o[org]
    name = f"Студентова-{org}-{state}"
    contract = (Contract.objects.filter(last_name=name).first()
                or make_contract(target.municipality, customer=target if target.is_customer else None,
                                 work_organisation=target, state=state, last_name=name))
    if measures and not contract.support_measures.exists():
        SupportMeasure.objects.create(contract=contract, kind="stipend", amount=3000, period="monthly")
    return contract


def _scoped(builder, data, allowed=SUPPORT, full=False):
    """School A's contract and school B's; with `full` the library's and the far school's too (every write of the
    card looks the contract up through the same access.student_contract_for_view: the other organisations' rows are
    kept for a write of each kind)."""
    other = {"coordinator_a": MISSING} if "coordinator_a" in allowed else {}
    rows = [Post(lambda o: builder(o), data, writes(allowed)),
            Post(lambda o: builder(o, "school_b"), data, writes(allowed - {"coordinator_a"}, **other))]
    if full:
        rows += [Post(lambda o: builder(o, "library"), data, writes(allowed - {"coordinator_a"}, **other)),
                 Post(lambda o: builder(o, "far_school"), data,
                      writes({"admin"}, **{r: MISSING for r in allowed if r != "admin"}))]
    return rows


def _pk(state="studying", measures=False):
    return lambda o, org="school_a": {"pk": _contract(o, org, state, measures).pk}


def _activity(o, org="school_a"):
    from orientir.students import services

    contract = _contract(o, org)
    activity = services.activity_add(actor=None, contract=contract, data={
        "academic_year": _year(), "kind": "meeting", "title": "Встреча с директором школы", "in_plan": True,
        "planned_on": today(), "responsible": "Петрова А. А."})
    return {"pk": contract.pk, "activity_pk": activity.pk}


def _placement(o, org="school_a"):
    from orientir.students import services

    contract = _contract(o, org)
    placement = services.placement_request(actor=None, contract=contract, data={
        "requested_on": today(), "practice_kind": "industrial", "organisation": o[org], "supervisor": "",
        "starts_on": today() + datetime.timedelta(days=30), "ends_on": today() + datetime.timedelta(days=60)})
    return {"pk": contract.pk, "placement_pk": placement.pk, "action": "agree"}


def _employment(o, org="school_a"):
    from orientir.students import services

    contract = _contract(o, org, "graduated")
    employment = services.employment_record(actor=None, contract=contract, organisation=o[org], position=None,
                                            started_on=today() - datetime.timedelta(days=30))
    return {"pk": contract.pk, "employment_pk": employment.pk}


def _year() -> int:
    from orientir.students.selectors import current_year

    return current_year(today())


def _placement_data(o, kwargs):
    from orientir.contracts.models import Contract

    contract = Contract.objects.get(pk=kwargs["pk"])
    return {"requested_on": today().isoformat(), "practice_kind": "industrial",
            "organisation": contract.work_organisation_id, "supervisor": "Иванова И. И.",
            "starts_on": (today() + datetime.timedelta(days=30)).isoformat(),
            "ends_on": (today() + datetime.timedelta(days=58)).isoformat()}


def _employment_data(o, kwargs):
    from orientir.contracts.models import Contract
    from orientir.directory.models import Position

    contract = Contract.objects.get(pk=kwargs["pk"])
    return {"organisation": contract.work_organisation_id,
            "position": Position.objects.filter(is_active=True).order_by("name").first().pk,
            "started_on": today().isoformat(), "order_number": "15-к"}


def _months(o, kwargs):
    first = today().replace(day=1)
    return {"month_from": first.strftime("%Y-%m"), "month_to": (first + datetime.timedelta(days=100)).strftime("%Y-%m")}


def _admission(org):
    def data(o, kwargs):
        contract = _contract(o, org, "signed")
        return {f"status_{contract.pk}": "applied", f"org_{contract.pk}": "Костромской педагогический колледж",
                f"on_{contract.pk}": today().isoformat()}
    return data


def _blank_template(kind):
    """The import's own template, sent back unfilled: checked and refused for having no rows, nothing written."""
    def data(o, kwargs):
        from orientir.accounts.tests.post_matrix_kit import upload
        from orientir.students import importer

        return {"file": upload(f"{kind}.xlsx", getattr(importer, f"{kind}_template")())}

    return data


def _import_row(kind):
    # the readers without students.support are refused; for those with it the check runs (no record is written)
    return [Post(None, _blank_template(kind), {**writes(SUPPORT), **{r: PASS for r in SUPPORT}})]


ROWS: dict = {
    "students:admission_import": _import_row("admission"),
    "students:study_import": _import_row("study"),
    "students:employment_import": _import_row("employment"),
    "students:study_add": _scoped(_pk(), lambda o, kw: {
        "academic_year": _year(), "semester": "1", "course": "2", "status": "good", "average_mark": "4.50",
        "note": ""}, full=True),
    "students:activity_add": _scoped(_pk(), lambda o, kw: {
        "academic_year": _year(), "kind": "holiday", "title": "Работа вожатым в летнем лагере", "in_plan": "on",
        "planned_on": (today() + datetime.timedelta(days=10)).isoformat(), "responsible": "Петрова А. А.",
        "done_on": "", "semester": "", "result": "", "citizen_fulfils": "", "customer_fulfils": ""}),
    "students:activity_done": _scoped(_activity, lambda o, kw: {"done_on": today().isoformat(),
                                                                "result": "Встреча проведена"}),
    "students:placement_add": _scoped(_pk(), _placement_data) + [
        # a place of practice in another municipality: not among the contract's organisations (the form refuses it)
        Post(_pk(), lambda o, kw: {**_placement_data(o, kw), "organisation": o["far_school"].pk},
             crossed(SUPPORT)),
    ],
    "students:placement_move": _scoped(_placement, {"supervisor": "Иванова И. И."}),
    "students:payment_plan": _scoped(_pk(), lambda o, kw: {**_months(o, kw), "amount": "3000"}, allowed=PAYMENTS),
    "students:payment_plan_from_measures": _scoped(_pk(measures=True), _months, allowed=PAYMENTS),
    "students:payment_add": _scoped(_pk(), lambda o, kw: {
        "month": today().strftime("%Y-%m"), "paid_on": today().isoformat(), "amount": "3000",
        "document": "п/п № 125"}, allowed=PAYMENTS, full=True),
    "students:employment_add": _scoped(_pk("graduated"), _employment_data),
    "students:employment_dismiss": _scoped(_employment, {"dismissed_on": today().isoformat(),
                                                         "reason": "По собственному желанию"}, full=True),
    # The obligation is not yet served (the graduate has just started work): the allowed roles are told so; the
    # point here is who is refused.
    "students:fulfil": [Post(row.url, row.data, {r: PASS if v == WRITE else v for r, v in row.expected.items()})
                        for row in _scoped(lambda o, org="school_a": {"pk": _employment(o, org)["pk"]},
                                           lambda o, kw: {"on": today().isoformat()})],
    # the week's statuses of the contracted graduates in scope; another school's graduate is not among them
    "students:admission_edit": [
        Post(None, _admission("school_a"), writes(SUPPORT)),
        Post(None, _admission("school_b"), writes(SUPPORT - {"coordinator_a"}, coordinator_a=KEEP)),
    ],
}


# --- Crossed: school A's contract in the URL, a record of school B's contract in it --------------------------

ROWS["students:activity_done"].append(Post(
    lambda o: {"pk": _contract(o).pk, "activity_pk": _activity(o, "school_b")["activity_pk"]},
    {"done_on": today().isoformat(), "result": "Встреча проведена"}, crossed(SUPPORT)))
ROWS["students:placement_move"].append(Post(
    lambda o: {**_placement(o, "school_b"), "pk": _contract(o).pk}, {"supervisor": ""}, crossed(SUPPORT)))
ROWS["students:employment_dismiss"].append(Post(
    lambda o: {"pk": _contract(o, state="graduated").pk, "employment_pk": _employment(o, "school_b")["employment_pk"]},
    {"dismissed_on": today().isoformat(), "reason": "По собственному желанию"}, crossed(SUPPORT)))
