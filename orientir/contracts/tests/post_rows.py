"""POST rows of the target contracts (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Contracts are written with contracts.manage (an administrator and the committee). A role without contracts.view
(the methodologist, the tutor, the observer) gets 403 before any lookup; a reader who sees the contract but may not
change it (the education directorate, school A's coordinator as a party) 403; a contract outside the role's scope
404 — school B's for school A's coordinator, the library's for the education directorate, the far school's (another
municipality) for everybody but the administrator. Liability rules are the administrator's.
"""

from orientir.accounts.tests.post_matrix_kit import KEEP, MISSING, Post, crossed, form_values, today, writes
from orientir.contracts.tests.matrix_rows import _contract, _rule, _template

MANAGE = {"admin", "committee"}


def _signed(o, customer="school_a"):
    """A signed contract of the organisation (agreements are made to signed contracts only)."""
    from orientir.contracts.models import Contract
    from orientir.students.tests.conftest import make_contract

    org = o[customer]
    contract = (Contract.objects.filter(work_organisation=org, last_name="Подписанова").first()
                or make_contract(org.municipality, customer=org if org.is_customer else None, work_organisation=org,
                                 last_name="Подписанова"))
    return {"pk": contract.pk}


def _scoped(builder, data, full=False):
    """The contract of school A, of school B, of the far school, and with `full` of the library too (the scope is
    the same access.contract_for_view for every write; the library row is kept where it matters most)."""
    rows = [
        Post(lambda o: builder(o), data, writes(MANAGE)),
        Post(lambda o: builder(o, "school_b"), data, writes(MANAGE, coordinator_a=MISSING)),
        Post(lambda o: builder(o, "far_school"), data,
             writes({"admin"}, committee=MISSING, coordinator_a=MISSING, directorate=MISSING)),
    ]
    if full:
        rows.append(Post(lambda o: builder(o, "library"), data,
                         writes(MANAGE, coordinator_a=MISSING, directorate=MISSING)))
    return rows


def _draft(o, customer="school_a"):
    return _contract(o, customer)


def _contract_form(o, kwargs):
    from orientir.contracts.forms import ContractForm
    from orientir.contracts.models import Contract

    form = ContractForm(instance=Contract.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"])
    return form_values(form, phone="+7 (910) 200-30-40", address="г. Кострома, ул. Мира, д. 5, кв. 7")


def _far_customer(o):
    """A customer of target training in the other municipality."""
    from conftest import make_org
    from orientir.directory.models import Organisation

    return (Organisation.objects.filter(short_name="МКУ «Заказчик» (МО № 2)").first()
            or make_org(o["other_city"], short_name="МКУ «Заказчик» (МО № 2)", kind="other", is_customer=True))


def _new_contract(customer):
    def data(o, kwargs):
        from orientir.contracts.forms import ContractForm
        from orientir.contracts.models import Contract
        from orientir.directory.models import Specialty

        org = _far_customer(o) if customer == "far" else o[customer]
        form = ContractForm(instance=Contract(), user=o["personas"]["admin"])
        return form_values(form, number="ЦО-2026/15", kind="graduate", regime="pp555", customer=str(org.pk),
                           last_name="Целевая", first_name="Виктория", middle_name="Андреевна",
                           birth_date=f"{today().year - 17}-04-12",
                           specialty=str(Specialty.objects.get(code="44.02.02").pk),
                           education_organisation="Костромской педагогический колледж",
                           work_organisation=str(org.pk), work_years="3")
    return data


def _consent(o, customer="school_a"):
    """A representative's consent recorded to the organisation's draft contract."""
    import datetime

    from orientir.contracts.models import Contract, RepresentativeConsent

    kwargs = _contract(o, customer)
    consent = RepresentativeConsent.objects.create(
        contract=Contract.objects.get(pk=kwargs["pk"]), last_name="Целевая", first_name="Ольга",
        relation="mother", document="паспорт 34 12 345678", given_on=today() - datetime.timedelta(days=3))
    return {**kwargs, "consent_id": consent.pk}


def _measure(o, customer="school_a"):
    from orientir.contracts import services
    from orientir.contracts.models import Contract

    kwargs = _contract(o, customer)
    measure = services.support_add(actor=None, contract=Contract.objects.get(pk=kwargs["pk"]),
                                   data={"kind": "stipend", "amount": 1500, "period": "monthly",
                                         "description": ""})
    return {**kwargs, "measure_id": measure.pk}


def _import_file(o, kwargs):
    from orientir.accounts.tests.post_matrix_kit import upload
    from orientir.contracts.importer import TABLE
    from orientir.contracts.tests.uploads import book_bytes

    titles = [c.title for c in TABLE.columns]
    values = {"Номер договора*": "ЗАГ-1", "Дата заключения*": "01.09.2024", "Фамилия*": "Загрузкина", "Имя*": "Анна",
              "Дата рождения*": "01.01.2005", "Специальность (код и наименование)*": "44.02.02",
              "Состояние*": "Заключён"}
    return {"file": upload("contracts.xlsx", book_bytes([titles, [values.get(t) for t in titles]]))}


def _rule_form(o, kwargs):
    from orientir.contracts.forms import LiabilityRuleForm
    from orientir.contracts.models import LiabilityRule

    return form_values(LiabilityRuleForm(instance=LiabilityRule.objects.get(pk=kwargs["pk"])),
                       act_reference="Постановление Правительства РФ от 27.04.2024 № 555, п. 58")


def _requisites_form(o, kwargs):
    return {"kpp": "440101001", "bank_name": "Отделение Кострома Банка России", "bik": "013469126",
            "account": "03234643347010004100", "corr_account": "40102810945370000034", "personal_account": ""}


def _customer_details(o, customer="school_a"):
    return {**_contract(o, customer), "role": "customer"}


def _old_template(o, city="city"):
    """A version no longer in force (version 1), with version 2 in force: restoring it writes version 3."""
    from django.utils import timezone

    from orientir.contracts import templating
    from orientir.contracts.models import DocumentTemplate

    first = _template(o, city)
    if not DocumentTemplate.objects.filter(municipality=o[city], version=2).exists():
        data = templating.default_template()
        DocumentTemplate.objects.filter(municipality=o[city]).update(is_active=False)
        DocumentTemplate.objects.create(municipality=o[city], version=2, content=data, filename="v2.docx",
                                        size=len(data), uploaded_at=timezone.now(), is_active=True)
    return first


def _template_file(o, kwargs):
    from orientir.accounts.tests.post_matrix_kit import upload
    from orientir.contracts import templating

    return {"file": upload("template.docx", templating.default_template()), "note": "Новая редакция"}


ROWS: dict = {
    # the contract template of the municipality: those who make contract documents and contracts
    "contracts:templates": [Post(None, _template_file, writes(MANAGE))],
    "contracts:template_restore": [
        Post(_old_template, {}, writes(MANAGE)),
        Post(lambda o: _old_template(o, "other_city"), {}, writes({"admin"}, committee=MISSING))],
    # the municipality's version in force goes out of force (an administrator of every municipality names it)
    "contracts:template_reset": [Post(lambda o: (_template(o), None)[1],
                                      lambda o, kw: {"municipality": str(o["city"].pk)}, writes(MANAGE))],
    # the customer's bank details are its own: the same scope as the contract they are edited from
    "contracts:requisites": _scoped(_customer_details, _requisites_form, full=True),
    "contracts:contract_create": [
        Post(None, _new_contract("school_a"), writes(MANAGE)),
        # a customer of the other municipality: outside the committee's choice (the form refuses it)
        Post(None, _new_contract("far"), writes({"admin"}, committee=KEEP)),
    ],
    "contracts:contract_edit": _scoped(_draft, _contract_form, full=True),
    "contracts:consent_add": _scoped(_draft, lambda o, kw: {
        "last_name": "Целевая", "first_name": "Ольга", "middle_name": "Петровна", "relation": "mother",
        "document": "паспорт 34 12 345678", "given_on": today().isoformat()}),
    "contracts:consent_annul": _scoped(_consent, {"reason": "ошибка в дате рождения представителя"}),
    "contracts:support_add": _scoped(_draft, {"kind": "stipend", "amount": "2000", "period": "monthly",
                                              "description": "Ежемесячная доплата к стипендии"}),
    "contracts:support_remove": _scoped(_measure, {}) + [
        # school A's contract, a measure of school B's in the URL
        Post(lambda o: {**_contract(o), "measure_id": _measure(o, "school_b")["measure_id"]}, {}, crossed(MANAGE))],
    # the draft is signed today
    "contracts:lifecycle": _scoped(_draft, lambda o, kw: {"target": "signed", "signed-on": today().isoformat(),
                                                          "signed-reason": ""}, full=True),
    "contracts:agreement_add": _scoped(_signed, lambda o, kw: {
        "number": "1", "signed_on": today().isoformat(), "summary": "Изменён размер стипендии",
        "support_kind": "stipend", "support_amount": "2500", "support_period": "monthly"}),
    "contracts:rule_edit": [Post(_rule, _rule_form, writes({"admin"}))],
    # a past year's contract checked from a file: those who make contracts, nobody else
    "contracts:contract_import": [Post(None, _import_file, writes(MANAGE))],
}
