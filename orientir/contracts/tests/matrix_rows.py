"""Permission-matrix rows of this app's pages (merged into accounts/tests/test_permission_matrix.py).

Kwargs builders get the matrix objects `o` (personas, city, school_a, school_b, library, far_school, pupil_a,
pupil_b, …) and may create what their URL needs.

Readers (contracts.view): admin, committee, directorate, coordinator_a — scope decides which contracts; a coordinator
sees contracts where their organisation is a party. Writers (contracts.manage): admin, committee. Observers read the
aggregated report only (403 elsewhere); the methodologist and the tutor hold no contracts permission.
"""

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

READ = {"admin", "committee", "directorate", "coordinator_a"}
MANAGE = {"admin", "committee"}
EXPORT = {"admin", "committee"}
# The contract's and the consent's documents carry a minor's and a representative's data: only the roles that conclude
# contracts (contracts.documents, decision 50). Other readers get 403 on a contract they see, 404 on one they do not.
DOCUMENTS = {"admin", "committee"}
REPORT = {"admin", "committee", "directorate", "observer"}


def _contract(o, customer="school_a", minor=False):
    import datetime

    from orientir.contracts.models import Contract, RepresentativeConsent
    from orientir.contracts.tests.conftest import give_party_details
    from orientir.directory.models import Specialty

    org = o[customer]
    if not org.address:  # a contract document names its customer's address (documents.missing_facts)
        org.address = "г. Кострома, ул. Симановского, д. 1"
        org.save(update_fields=["address"])
    spec = Specialty.objects.get(code="44.02.02")
    contract, _ = Contract.objects.get_or_create(
        municipality=org.municipality, number=f"М-{customer}",
        defaults={"customer": org if org.is_customer else None, "work_organisation": org, "last_name": "Матрицына",
                  "first_name": "Анна", "birth_date": datetime.date(2000, 1, 1), "specialty": spec, "level": spec.level,
                  "passport_number": "34 12 345678", "passport_issued_by": "УМВД России по Костромской области",
                  "passport_issued_on": datetime.date(2020, 5, 1), "address": "г. Кострома, ул. Мира, д. 1",
                  "signatory_name": "Петрова Елена Викторовна"})
    give_party_details(org.municipality, org)  # bank details and the region the document prints
    if minor and not contract.representative_consents.exists():
        RepresentativeConsent.objects.create(contract=contract, last_name="Матрицына", first_name="Ольга",
                                             relation="mother", document="паспорт", given_on=datetime.date(2025, 1, 1))
    return {"pk": contract.pk}


def _rule(o):
    from orientir.contracts.models import LiabilityRule

    return {"pk": LiabilityRule.objects.get(regime="pp555").pk}


# school B is a party to neither: a coordinator of school A gets 404 like for a missing contract; the library is
# outside the education directorate's sector; the far school is in another municipality (admin only).
def _scoped(builder, allowed):
    return [
        (builder, _only(allowed)),
        (lambda o: {**builder(o), "pk": _contract(o, "school_b")["pk"]},
         _only(allowed, coordinator_a=MISSING) if "coordinator_a" in allowed else _only(allowed)),
        (lambda o: {**builder(o), "pk": _contract(o, "library")["pk"]},
         _only(allowed, coordinator_a=MISSING, directorate=MISSING)
         if allowed & {"coordinator_a", "directorate"} else _only(allowed)),
        (lambda o: {**builder(o), "pk": _contract(o, "far_school")["pk"]},
         _only(allowed, **{r: MISSING for r in allowed if r != "admin"})),
        (lambda o: {**builder(o), "pk": 987654}, _only(allowed, status_ok=MISSING)),
    ]


def _manage_rows(builder):
    """Writers only: readers without contracts.manage get 403 after the scope check (404 when out of scope)."""
    return [
        (builder, _only(MANAGE)),
        (lambda o: {**builder(o), "pk": _contract(o, "far_school")["pk"]},
         _only(MANAGE, committee=MISSING, directorate=MISSING, coordinator_a=MISSING)),
        (lambda o: {**builder(o), "pk": 987654}, _only(MANAGE, status_ok=MISSING,
                                                       **{"directorate": MISSING, "coordinator_a": MISSING})),
    ]


def _template(o, city="city"):
    """A version of the contract template of the municipality (the repository's own file, accepted as it is)."""
    from orientir.contracts import templating
    from orientir.contracts.models import DocumentTemplate

    version = DocumentTemplate.objects.filter(municipality=o[city]).first()
    if version is None:
        from django.utils import timezone

        data = templating.default_template()
        version = DocumentTemplate.objects.create(municipality=o[city], version=1, content=data,
                                                  filename="template.docx", size=len(data),
                                                  uploaded_at=timezone.now(), is_active=True)
    return {"pk": version.pk}


def _template_rows():
    """The committee's own municipality; another municipality's version is the administrator's only (404 else)."""
    return [(lambda o: _template(o), _only(DOCUMENTS)),
            (lambda o: _template(o, "other_city"), _only(DOCUMENTS, committee=MISSING)),
            (lambda o: {"pk": 987654}, _only(DOCUMENTS, status_ok=MISSING))]


ROWS: dict = {
    "contracts:contract_list": [(None, _only(READ))],
    "contracts:contract_export": [(None, _only(EXPORT))],
    "contracts:contract_create": [(None, _only(MANAGE))],
    "contracts:contract_import": [(None, _only(MANAGE))],
    "contracts:import_template": [(None, _only(MANAGE))],
    "contracts:deadlines": [(None, _only(READ))],
    "contracts:report": [(None, _only(REPORT))],
    "contracts:report_export": [(lambda o: {"fmt": "xlsx"}, _only(REPORT)),
                                (lambda o: {"fmt": "pdf"}, _only(REPORT)),
                                (lambda o: {"fmt": "doc"}, _only(REPORT, status_ok=MISSING))],
    "contracts:rule_list": [(None, _only(READ))],
    # the contract template: those who make the contract documents (contracts.documents)
    "contracts:templates": [(None, _only(DOCUMENTS))],
    "contracts:template_default": [(None, _only(DOCUMENTS))],
    "contracts:template_download": _template_rows(),
    # without a contract number the page is shown again with what to type (302); a number answers the DOCX
    "contracts:template_preview": [(lambda o: _template(o), _only(DOCUMENTS, status_ok=302)),
                                   (lambda o: _template(o, "other_city"), _only(DOCUMENTS, status_ok=302,
                                                                                committee=MISSING))],
    "contracts:template_restore": [(lambda o: _template(o), POST_ONLY)],
    "contracts:template_reset": [(None, POST_ONLY)],
    "contracts:rule_edit": [(_rule, _only({"admin"}))],
    "contracts:contract_detail": _scoped(lambda o: _contract(o), READ),
    "contracts:contract_edit": _manage_rows(lambda o: _contract(o)),
    # a party's details, edited from a contract that needs them: writers only, the party named in the address
    "contracts:requisites": [*_manage_rows(lambda o: {**_contract(o), "role": "customer"}),
                             (lambda o: {**_contract(o), "role": "settings"}, _only(MANAGE)),
                             (lambda o: {**_contract(o), "role": "nobody"}, _only(MANAGE, status_ok=MISSING))],
    "contracts:lifecycle": _manage_rows(lambda o: _contract(o)),
    "contracts:agreement_add": _manage_rows(lambda o: _contract(o)),
    "contracts:consent_add": [(lambda o: _contract(o), POST_ONLY)],
    "contracts:consent_annul": [(lambda o: {**_contract(o), "consent_id": 987654}, POST_ONLY)],
    "contracts:support_add": [(lambda o: _contract(o), POST_ONLY)],
    "contracts:support_remove": [(lambda o: {**_contract(o), "measure_id": 987654}, POST_ONLY)],
    "contracts:document": [
        (lambda o: {**_contract(o), "doc": "contract", "fmt": "docx"}, _only(DOCUMENTS)),
        (lambda o: {**_contract(o), "doc": "contract", "fmt": "pdf"}, _only(DOCUMENTS)),
        (lambda o: {**_contract(o, minor=True), "doc": "consent", "fmt": "docx"}, _only(DOCUMENTS)),
        (lambda o: {**_contract(o, minor=True), "doc": "consent", "fmt": "pdf"}, _only(DOCUMENTS)),
        (lambda o: {**_contract(o, "school_b"), "doc": "contract", "fmt": "docx"},
         _only(DOCUMENTS, coordinator_a=MISSING)),
        (lambda o: {**_contract(o, "library"), "doc": "contract", "fmt": "pdf"},
         _only(DOCUMENTS, coordinator_a=MISSING, directorate=MISSING)),
        (lambda o: {**_contract(o), "doc": "other", "fmt": "docx"}, _only(DOCUMENTS, status_ok=MISSING)),
    ],
}
