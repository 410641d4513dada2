"""The contract document per the typical form (Постановление Правительства РФ № 555): for every variant — a school
graduate (п. 2.9) or a student (п. 2.11), СПО or ВО, two, three or four parties, an adult or a minor — the DOCX has
each section of the form under its heading in the form's order, a signature block for every party and for a minor's
legal representative, the consent in force on the signing day, no placeholder; a missing fact refuses the download
with where to fill it in."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from orientir.contracts import documents, services
from orientir.contracts.models import (EducationRequisites, LiabilityRule, MunicipalContractSettings,
                                       OrganisationRequisites, RepresentativeConsent)
from orientir.contracts.tests.conftest import adult_birth_date

SIGNED = datetime.date(2026, 6, 4)
MINOR = datetime.date(2009, 3, 1)  # 17 on the signing day
COLLEGE = "Областное государственное бюджетное профессиональное образовательное учреждение «Костромской педагогический колледж»"
BANK = {"bank_name": "Отделение Кострома Банка России // УФК по Костромской области г. Кострома",
        "bik": "013469126", "account": "03234643347010004100", "corr_account": "40102810945370000034"}

# the headings of the typical form, in its order; the employer's and the educational organisation's only when parties
HEADINGS = [("subject", "Предмет настоящего договора"), ("study", "Характеристики обучения гражданина"),
            ("work", "Место осуществления гражданином трудовой деятельности"),
            ("customer", "Права и обязанности заказчика"), ("citizen", "Права и обязанности гражданина"),
            ("employer", "Права и обязанности работодателя"),
            ("education", "Права и обязанности образовательной организации"),
            ("liability", "Ответственность сторон"), ("final", "Заключительные положения"),
            ("parties", "Адреса, платёжные реквизиты и подписи сторон")]
PLACEHOLDERS = ("уточн", "___", "…", "...")


@pytest.fixture
def complete(city, school_a, school_b):
    """The facts a document needs, as an administrator and the committee enter them once."""
    for org, head in ((school_a, ("Иванов", "Иван", "Иванович")), (school_b, ("Воробьёва", "Екатерина", "Ивановна"))):
        org.address = f"156000, г. Кострома, ул. Симановского, д. {org.pk}"
        org.head_last_name, org.head_first_name, org.head_middle_name = head
        org.save()
        OrganisationRequisites.objects.create(organisation=org, kpp="440101001", personal_account="20416Ц00010",
                                              **BANK)
    MunicipalContractSettings.objects.create(municipality=city, region="Костромская область",
                                             committee_address="156000, г. Кострома, ул. Депутатская, д. 47",
                                             committee_inn="4401006568", kpp="440101001", **BANK)
    EducationRequisites.objects.create(municipality=city, name=COLLEGE, address="156005, г. Кострома, ул. Пятницкая, д. 8",
                                       inn="4401008980", signatory_position="Директор",
                                       signatory_name="Смирнов Павел Андреевич", **BANK)
    LiabilityRule.objects.update_or_create(regime="pp555", defaults={
        "fine_multiplier": 2, "rule_text": "Штраф — в двукратном размере выплаченной поддержки.",
        "act_reference": "Постановление Администрации города Костромы от 01.03.2025 № 300"})


def _variant(make_contract, school_a, school_b, *, kind="graduate", level="spo", parties=2, minor=False):
    from orientir.directory.models import Specialty

    spec = Specialty.objects.filter(code="44.02.02" if level == "spo" else "44.03.01").first()
    fields = {"kind": kind, "specialty": spec, "level": spec.level, "customer": school_a, "signed_on": SIGNED,
              "birth_date": MINOR if minor else adult_birth_date(), "education_organisation": COLLEGE,
              "is_quota": kind == "graduate"}
    if kind == "student":
        fields["course_at_signing"] = 2
    if parties in (3, 4):
        fields.update(employer=school_b, employer_is_party=True, work_organisation=school_b)
    if parties == 4 or parties == "3e":
        fields["education_is_party"] = True
    contract = make_contract(**fields)
    services.support_add(actor=None, contract=contract, data={"kind": "stipend", "amount": Decimal("5000"),
                                                              "period": "monthly"})
    if minor:
        for given, name in ((datetime.date(2026, 6, 1), "Раньшева"), (datetime.date(2026, 6, 5), "Позднева")):
            RepresentativeConsent.objects.create(contract=contract, last_name=name, first_name="Ольга",
                                                 middle_name="Петровна", relation="mother",
                                                 document="паспорт 34 12 345678", given_on=given)
    return contract


def _paragraphs(content: bytes) -> list[str]:
    """The document's paragraphs in order, table cells included, as a reader sees them."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    out = []
    body = doc.element.body
    for el in body.iterchildren():
        if el.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
        elif el.tag.endswith("}tbl"):
            for p in el.iter():
                if p.tag.endswith("}p"):
                    out.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return out


def _sections(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if re.match(r"^[IVX]+\. ", p)]


VARIANTS = [
    pytest.param({"kind": "graduate", "level": "spo", "parties": 2}, id="2.9-СПО-две-стороны"),
    pytest.param({"kind": "graduate", "level": "vo", "parties": 3}, id="2.9-ВО-три-стороны-работодатель"),
    pytest.param({"kind": "student", "level": "spo", "parties": "3e"}, id="2.11-СПО-три-стороны-колледж"),
    pytest.param({"kind": "student", "level": "vo", "parties": 4}, id="2.11-ВО-четыре-стороны"),
    pytest.param({"kind": "graduate", "level": "spo", "parties": 2, "minor": True}, id="2.9-СПО-несовершеннолетний"),
    pytest.param({"kind": "graduate", "level": "spo", "parties": 4, "minor": True},
                 id="2.9-СПО-четыре-стороны-несовершеннолетний"),
]


@pytest.mark.today("2026-06-10")
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_has_the_form_sections_and_every_signature(variant, complete, make_contract, school_a,
                                                                 school_b, personas, client_for):
    contract = _variant(make_contract, school_a, school_b, **variant)
    assert documents.missing_facts(contract) == []
    response = client_for(personas["committee"]).get(reverse("contracts:document",
                                                             args=[contract.pk, "contract", "docx"]))
    assert response.status_code == 200
    paragraphs = _paragraphs(response.content)
    text = "\n".join(paragraphs)
    parties = variant["parties"]
    employer, education = parties in (3, 4), parties in (4, "3e")
    expected = [title for key, title in HEADINGS
                if (key != "employer" or employer) and (key != "education" or education)]
    found = _sections(paragraphs)
    assert len(found) == len(expected), found
    for i, (heading, title) in enumerate(zip(found, expected, strict=True)):
        assert heading.startswith(f"{documents.ROMAN[i]}. {title}"), (heading, title)

    blocks = [p for p in paragraphs if p.endswith(":") and p[:-1] in (
        "Заказчик", "Гражданин", "Гражданка", "Работодатель", "Образовательная организация",
        "Законный представитель несовершеннолетнего гражданина")]
    # the representative signs in the citizen's block, under the minor
    expected_blocks = ["Заказчик:", "Гражданка:"] \
        + (["Законный представитель несовершеннолетнего гражданина:"] if variant.get("minor") else []) \
        + (["Работодатель:"] if employer else []) + (["Образовательная организация:"] if education else [])
    assert blocks == expected_blocks
    signatures = [p for p in paragraphs if re.match(r"^\u00a0{20,} / ", p)]
    assert len(signatures) == len(expected_blocks)
    copies = {2: "двух", 3: "трёх", "3e": "трёх", 4: "четырёх"}[parties]
    assert f"составлен в {copies} экземплярах" in text

    for mark in PLACEHOLDERS:
        assert mark not in text.lower(), mark
    assert "Субъект Российской Федерации" in text and "Костромская область" in text
    assert "Городской округ город Кострома" in text  # the municipality of the workplace
    assert "постановлением Администрации города Костромы от 01.03.2025 № 300" in text
    assert "Положением о целевом обучении по образовательным программам среднего профессионального и высшего " \
           "образования, утверждённым постановлением Правительства Российской Федерации от 27 апреля 2024 г. № 555" \
           in text
    assert "р/с 03234643347010004100" in text and "БИК 013469126" in text
    if variant.get("minor"):
        assert "мать Раньшева Ольга Петровна, согласие от 01.06.2026" in text
        assert "Согласие на заключение договора от 01.06.2026" in text
        assert "Кем приходится Соколовой Анне Сергеевне: мать" in text  # dative
        assert "Позднева" not in text and "05.06.2026" not in text
        assert "с письменного согласия законного представителя Раньшевой Ольги Петровны" in text
    else:
        assert "Законный представитель" not in text
    if variant["kind"] == "graduate":
        assert "в месячный срок после поступления на обучение" in text
        assert "Гражданин поступает на целевое обучение в пределах квоты" in text
    else:
        assert "Гражданин осваивает образовательную программу" in text and "2-й" in text
        assert "в месячный срок после поступления" not in text
    level = "среднее профессиональное образование" if variant["level"] == "spo" else "высшее образование — бакалавриат"
    assert level in text


@pytest.mark.today("2026-06-10")
def test_a_section_missing_from_the_four_party_contract_fails(complete, make_contract, school_a, school_b,
                                                              monkeypatch):
    """The seeded bug: the educational organisation's section dropped from the four-party contract — the heading
    check above catches it."""
    contract = _variant(make_contract, school_a, school_b, kind="student", level="vo", parties=4)
    monkeypatch.setitem(documents.SECTION_TITLES, "education", documents.SECTION_TITLES["education"])
    blocks = [b for b in documents.contract_blocks(contract)
              if not (b.kind == "heading" and "образовательной организации" in b.text)]
    found = _sections(_paragraphs(documents.to_docx(blocks)))
    expected = [title for _, title in HEADINGS]
    with pytest.raises(AssertionError):
        assert len(found) == len(expected) and all(
            h.split(". ", 1)[1].startswith(t) for h, t in zip(found, expected, strict=True))


@pytest.mark.today("2026-06-10")
def test_missing_details_refuse_the_document_with_where_to_fill_them(make_contract, school_a, school_b, personas,
                                                                     client_for):
    school_a.address, school_a.head_last_name, school_a.head_first_name = "г. Кострома, ул. Ленина, д. 1", "Иванов", "Иван"
    school_a.save()
    contract = _variant(make_contract, school_a, school_b, kind="student", level="vo", parties=4, minor=True)
    RepresentativeConsent.objects.filter(contract=contract).delete()
    response = client_for(personas["committee"]).get(reverse("contracts:document",
                                                             args=[contract.pk, "contract", "docx"]))
    assert response.status_code == 422
    page = response.content.decode()
    for what in ("Банковские реквизиты заказчика", "Банковские реквизиты работодателя", "Адрес работодателя",
                 "Адрес образовательной организации", "Банковские реквизиты образовательной организации",
                 "Субъект Российской Федерации, где находится место работы",
                 "Согласие законного представителя несовершеннолетнего гражданина"):
        assert what in page, what
    for role in ("customer", "employer", "education", "settings"):
        assert reverse("contracts:requisites", args=[contract.pk, role]) in page


@pytest.mark.today("2026-06-10")
def test_the_committee_as_customer_signs_on_the_municipality_settings(make_contract, city, personas, client_for):
    contract = make_contract(signatory_name="Петрова Елена Викторовна", signed_on=SIGNED)
    client = client_for(personas["committee"])
    url = reverse("contracts:requisites", args=[contract.pk, "customer"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"region": "Костромская область",
                                 "committee_address": "156000, г. Кострома, ул. Депутатская, д. 47",
                                 "committee_inn": "4401006568", "committee_ogrn": "", "kpp": "440101001",
                                 "personal_account": "", **BANK})
    assert response.status_code == 302
    LiabilityRule.objects.filter(regime="pp555").update(act_reference="Решение Думы города Костромы от 20.02.2025 № 12")
    assert documents.missing_facts(contract) == []
    text = "\n".join(_paragraphs(documents.to_docx(documents.contract_blocks(contract))))
    assert text.startswith("ДОГОВОР № ")
    assert "именуемый в дальнейшем заказчиком, в лице председателя Комитета Петровой Елены Викторовны, действующей " \
           "на основании Положения о Комитете" in text
    assert "решением Думы города Костромы от 20.02.2025 № 12" in text
    assert "Местонахождение: 156000, г. Кострома, ул. Депутатская, д. 47" in text


def test_bank_details_are_checked_as_digits(make_contract, personas, client_for, school_a):
    contract = make_contract(customer=school_a)
    response = client_for(personas["committee"]).post(
        reverse("contracts:requisites", args=[contract.pk, "customer"]),
        {**BANK, "bik": "01346912", "account": "0323464334701000410x", "kpp": ""})
    assert response.status_code == 422
    assert not OrganisationRequisites.objects.filter(organisation=school_a).exists()


def test_a_draft_leaves_a_line_for_the_date_not_underscores(complete, make_contract, school_a, school_b):
    contract = _variant(make_contract, school_a, school_b)
    contract.signed_on = None
    contract.save()
    paragraphs = _paragraphs(documents.to_docx(documents.contract_blocks(contract)))
    assert re.match(r"^г\. Кострома«\u00a0+» \u00a0+ 20\u00a0+ г\.$", paragraphs[2])  # the tab is no text
    assert "вступает в силу со дня его подписания сторонами" in "\n".join(paragraphs)


@pytest.mark.today("2026-06-10")
def test_the_four_party_minor_contract_converts_to_pdf(complete, make_contract, school_a, school_b, tmp_path,
                                                       soffice):
    """LibreOffice opens the fullest variant and lays it out; its text keeps every party's block."""
    import os
    import shutil

    contract = _variant(make_contract, school_a, school_b, kind="graduate", level="spo", parties=4, minor=True)
    path = tmp_path / "contract-4-minor.docx"
    path.write_bytes(documents.to_docx(documents.contract_blocks(contract)))
    pdf = soffice(path, to="pdf")
    assert pdf and pdf.read_bytes().startswith(b"%PDF")
    text = soffice(path, to="txt:Text").read_text(encoding="utf-8-sig")
    for heading in ("Заказчик:", "Гражданка:", "Работодатель:", "Образовательная организация:",
                    "Законный представитель несовершеннолетнего гражданина:"):
        assert heading in text
    if os.environ.get("ORIENTIR_DOCUMENT_DUMP"):  # to look at the pages: pdftoppm -png the copy
        shutil.copy(pdf, os.environ["ORIENTIR_DOCUMENT_DUMP"])
        shutil.copy(path, os.environ["ORIENTIR_DOCUMENT_DUMP"])
