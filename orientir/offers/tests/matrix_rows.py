"""Permission-matrix rows of the offers pages (merged into accounts/tests/test_permission_matrix.py).

Roles: offers.view — admin, committee, directorate (its sector's customers), coordinator_a (its own school's
offers); offers.draft — admin, committee, coordinator_a; offers.approve and offers.applications — admin, committee;
offers.report — admin, committee, directorate, observer. Methodologists and tutors hold none of them. Campaigns are
the municipality's: the far school's municipality answers 404 to all but the administrator.
"""

from orientir.accounts.tests.matrix_kit import MISSING, POST_ONLY, _only

VIEW = {"admin", "committee", "directorate", "coordinator_a"}
READ = VIEW | {"observer"}  # the campaign and its coverage: offers.view or offers.report
DRAFT = {"admin", "committee", "coordinator_a"}
APPROVE = {"admin", "committee"}
REPORT = {"admin", "committee", "directorate", "observer"}


def _campaign(o, city="city"):
    from orientir.offers.tests.kit import make_campaign

    return make_campaign(o[city])


def _c(o):
    return {"pk": _campaign(o).pk}


def _offer(o, org="school_a", status="approved"):
    from orientir.offers.models import Offer
    from orientir.offers.tests.kit import make_campaign, make_offer

    city = o[org].municipality
    if not o[org].is_customer:
        o[org].is_customer = True
        o[org].save()
    campaign = make_campaign(city)
    offer = Offer.objects.filter(campaign=campaign, customer=o[org], status=status).first()
    return offer or make_offer(campaign, o[org], status=status)


def _o(org="school_a", status="approved"):
    return lambda o: {"pk": _offer(o, org, status).pk}


def _application(o, org="school_a"):
    from orientir.offers.tests.kit import make_application

    offer = _offer(o, org)
    return {"pk": (offer.applications.first() or make_application(offer)).pk}


ROWS: dict = {
    "offers:campaign_list": [(None, _only(READ))],
    "offers:coverage": [(None, _only(REPORT))],
    "offers:campaign_create": [(None, _only(APPROVE))],
    "offers:campaign_detail": [
        (_c, _only(READ)),
        (lambda o: {"pk": _campaign(o, "other_city").pk}, _only(READ, status_ok=MISSING, admin=200)),
    ],
    "offers:offer_export": [(_c, _only(VIEW))],
    "offers:platform_export": [(_c, _only(APPROVE))],
    "offers:coverage_export": [(lambda o: {**_c(o), "fmt": "xlsx"}, _only(READ)),
                               (lambda o: {**_c(o), "fmt": "pdf"}, _only(READ))],
    "offers:offer_create": [(_c, _only(DRAFT))],
    "offers:application_list": [(_c, _only(APPROVE))],
    # pupils' names: offers.view and pupils.view (each school sees its own pupils)
    "offers:not_applied": [(_c, _only(VIEW))],
    "offers:application_export": [(_c, _only(APPROVE))],
    "offers:application_pdf": [(_c, _only(APPROVE))],
    "offers:application_create": [(_c, _only(APPROVE))],
    "offers:application_import": [(_c, _only(APPROVE))],
    "offers:application_import_template": [(_c, _only(APPROVE))],
    "offers:offer_detail": [
        (_o(), _only(VIEW)),
        # the library's offer: another sector for the education directorate, another organisation for school A
        (_o("library"), _only(VIEW, directorate=MISSING, coordinator_a=MISSING)),
        (_o("far_school"), _only(VIEW, status_ok=MISSING, admin=200)),
    ],
    "offers:offer_edit": [
        (_o(status="draft"), _only(DRAFT, directorate=403)),
        (_o("library", "draft"), _only(DRAFT, coordinator_a=MISSING, directorate=MISSING)),
    ],
    "offers:offer_submit": [(_o(status="draft"), POST_ONLY)],
    "offers:offer_approve": [(_o(status="submitted"), POST_ONLY)],
    "offers:offer_return": [(_o(status="submitted"), POST_ONLY)],
    "offers:offer_place": [(_o(), POST_ONLY)],
    "offers:application_edit": [(_application, _only(APPROVE))],
    "offers:application_match": [(_application, POST_ONLY)],
    "offers:application_contract": [(_application, POST_ONLY)],
}
