"""POST rows of the offers pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

offers.draft (an administrator, the committee, a customer's coordinator) writes offers of the customers in its scope;
offers.approve and offers.applications (an administrator and the committee) approve, return, place, and keep the
applications. The offer is looked up before the permission is asked: a role that sees it gets 403, a role that does
not — 404 (the library's offer for school A's coordinator and the education directorate).
"""

import datetime

from orientir.accounts.tests.post_matrix_kit import MISSING, PASS, Post, crossed, upload, writes

from .matrix_rows import APPROVE, DRAFT, _application, _c, _o, _offer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _offer_data(o, kwargs, customer="school_a"):
    from orientir.offers.tests.kit import specialty

    spec = specialty()
    return {"customer": str(o[customer].pk), "education_organisation": "ФГБОУ ВО «Костромской государственный "
            "университет»", "specialty": str(spec.pk), "level": spec.level, "study_form": "full_time",
            "is_quota": "on", "contracts_count": "2", "target": "", "support_measures": "Выплата 3 000 ₽ в месяц", "monthly_payment": "3000",
            "work_place": "МБОУ СОШ № 1", "work_position": "Учитель", "work_years": "3", "requirements": "",
            "contact": "Иванова И. И."}


def _edit_data(o, kwargs):
    from orientir.offers.models import Offer

    offer = Offer.objects.get(pk=kwargs["pk"])
    return {**_offer_data(o, kwargs, "school_a" if offer.customer_id == o["school_a"].pk else "library"),
            "contracts_count": "4", "version": str(offer.version)}


def _application_data(o, kwargs):
    return {"offer": str(_offer(o).pk), "last_name": "Орлова", "first_name": "Вера", "middle_name": "",
            "birth_date": "2009-05-02", "applied_on": "2027-06-20", "status": "submitted", "platform_number": ""}


def _enrolled(o):
    from orientir.offers.tests.kit import make_application

    offer = _offer(o)
    app = offer.applications.filter(status="enrolled").first() or make_application(
        offer, last_name="Зачисленная", status="enrolled", birth_date=datetime.date(2008, 1, 5))
    return {"pk": app.pk}


def _template():
    from orientir.offers import importer

    return upload("applications.xlsx", importer.build_template(), XLSX)


ROWS: dict = {
    "offers:campaign_create": [Post(None, lambda o, kw: {
        "municipality": str(o["city"].pk), "year": "2028", "snapshot": "", "placement_deadline": "2028-06-10",
        "note": ""}, writes(APPROVE))],
    "offers:offer_create": [
        Post(_c, _offer_data, writes(DRAFT)),
        # another municipality's organisation as the customer: not in the form's choices for anybody
        Post(_c, lambda o, kw: _offer_data(o, kw, "far_school"), crossed(DRAFT)),
    ],
    "offers:offer_edit": [
        Post(_o(status="draft"), _edit_data, writes(DRAFT)),
        Post(_o("library", "draft"), _edit_data, writes(DRAFT, coordinator_a=MISSING, directorate=MISSING)),
    ],
    "offers:offer_submit": [
        Post(_o(status="draft"), {}, writes(DRAFT)),
        Post(_o("library", "draft"), {}, writes(DRAFT, coordinator_a=MISSING, directorate=MISSING)),
    ],
    "offers:offer_approve": [
        Post(_o(status="submitted"), {}, writes(APPROVE)),
        Post(_o("library", "submitted"), {}, writes(APPROVE, coordinator_a=MISSING, directorate=MISSING)),
    ],
    "offers:offer_return": [Post(_o(status="submitted"), {"reason": "Уточните меры поддержки"}, writes(APPROVE))],
    "offers:offer_place": [Post(_o(), {"platform_number": "ЦО-7781", "placed_on": "2027-06-01"}, writes(APPROVE))],
    "offers:application_create": [Post(_c, _application_data, writes(APPROVE))],
    "offers:application_edit": [Post(_application, lambda o, kw: {**_application_data(o, kw), "status": "allowed"},
                                     writes(APPROVE))],
    "offers:application_match": [Post(_application, {"confirm": "0"}, writes(APPROVE))],
    "offers:application_contract": [Post(_enrolled, {}, writes(APPROVE))],
    # the readers without offers.applications are refused; for those with it the empty template is checked and kept
    "offers:application_import": [Post(_c, lambda o, kw: {"file": _template()},
                                       {**writes(APPROVE), **{r: PASS for r in APPROVE}})],
}
