"""Contract templates a lawyer replaces through the UI (decision 58): the repository's template gives the text the
system composes; a new template is checked against complete sample contracts before it is accepted (unknown
variable, unclosed field, placeholder, hostile file — refused with a Russian message, nothing activated); an accepted
one changes the next document, the previous stays in history, can be downloaded and restored. Every party variant
rendered through the template and read back by LibreOffice has the form's sections, every signature block and no
placeholder. A lawyer's reading: acts declined into the sentence's case, the consent in force on the signing day."""

import datetime
import io
import os
import re
import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.contracts import documents, russian, services_templates, templating
from orientir.contracts.models import DocumentTemplate
from orientir.contracts.tests.test_contract_document import (HEADINGS, PLACEHOLDERS, VARIANTS, _paragraphs, _variant,
                                                             complete)  # noqa: F401 - a fixture
from orientir.core.audit import AuditEntry

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(paragraphs: list[str]) -> bytes:
    """A template as a lawyer writes it in Word: one paragraph per line."""
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _upload(client, data: bytes, name="template.docx", note=""):
    return client.post(reverse("contracts:templates"),
                       {"file": SimpleUploadedFile(name, data, content_type=DOCX), "note": note})


def _document(client, contract) -> str:
    response = client.get(reverse("contracts:document", args=[contract.pk, "contract", "docx"]))
    assert response.status_code == 200
    return "\n".join(_paragraphs(response.content))


# --- The repository's template ----------------------------------------------------------------------------------

@pytest.mark.today("2026-06-10")
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.usefixtures("complete")
def test_the_repository_template_gives_the_composed_text_unchanged(variant, make_contract, school_a,
                                                                   school_b):
    contract = _variant(make_contract, school_a, school_b, **variant)
    composed = [p for p in _paragraphs(documents.to_docx(documents.contract_blocks(contract))) if p.strip()]
    templated = [p for p in _paragraphs(templating.contract_docx(contract)) if p.strip()]
    assert templated == composed


@pytest.mark.today("2026-06-10")
@pytest.mark.usefixtures("complete")
def test_a_draft_keeps_the_line_for_the_date(make_contract, school_a, school_b):
    contract = _variant(make_contract, school_a, school_b)
    contract.signed_on = None
    contract.save()
    paragraphs = _paragraphs(templating.contract_docx(contract))
    assert re.match(r"^г\. Кострома«\u00a0+» \u00a0+ 20\u00a0+ г\.$", paragraphs[2])


def test_the_repository_template_passes_its_own_check(db):
    assert templating.check_template(templating.default_template())


def test_every_variable_on_the_page_is_in_the_context():
    """The page's list and what a template gets are one list: each `contract.*` and `variant.*` named on the page is
    in the sample context, and the context has no such variable the page does not name."""
    ctx = templating.sample_context(full=True)
    named = {v.name for v in templating.VARIABLES}
    for group in ("contract", "variant"):
        assert {f"{group}.{k}" for k in ctx[group]} == {n for n in named if n.startswith(f"{group}.")}
    assert {"title", "subtitle", "place", "date", "preamble", "sections", "parties"} <= named
    assert set(ctx["s"]) == set(documents.SECTION_TITLES)


# --- Upload, history, restore ----------------------------------------------------------------------------------

@pytest.mark.today("2026-06-10")
@pytest.mark.usefixtures("complete")
def test_an_uploaded_template_changes_the_next_document_and_the_old_one_stays(make_contract, school_a,
                                                                              school_b, personas, client_for, city):
    contract = _variant(make_contract, school_a, school_b, parties=4, minor=True)
    client = client_for(personas["committee"])
    before = _document(client, contract)
    assert "Примерный договор" not in before

    lawyer = _docx(["Примерный договор № {{ contract.number }}",
                    "Гражданин: {{ contract.citizen }}, в лице представителя — см. раздел {{ s.parties.number }}.",
                    "{{p s.subject.body }}",
                    "{%p if s.employer %}", "Работодатель — сторона договора.", "{%p endif %}",
                    "{{p s.parties.body }}"])
    response = _upload(client, lawyer, "dogovor-2026.docx", note="Краткая форма для проверки")
    assert response.status_code == 302
    first = DocumentTemplate.objects.get(municipality=city, is_active=True)
    assert (first.version, first.filename, first.uploaded_by, first.note) == (
        1, "dogovor-2026.docx", personas["committee"], "Краткая форма для проверки")

    after = _document(client, contract)
    assert "Примерный договор № ЦО-" in after or f"Примерный договор № {contract.number}" in after
    assert f"Гражданин: {contract.citizen_name}, в лице представителя — см. раздел X." in after
    assert "Работодатель — сторона договора." in after
    assert "Гражданин обязуется освоить образовательную программу" in after  # s.subject.body
    assert "Законный представитель несовершеннолетнего гражданина:" in after  # s.parties.body
    assert "Ответственность сторон" not in after  # the lawyer's template left the section out

    second_text = _docx(["Вторая редакция № {{ contract.number }}", "{{p s.parties.body }}"])
    assert _upload(client, second_text, "v2.docx").status_code == 302
    assert "Вторая редакция" in _document(client, contract)
    history = list(DocumentTemplate.objects.filter(municipality=city).order_by("version"))
    assert [(v.version, v.is_active) for v in history] == [(1, False), (2, True)]

    page = client.get(reverse("contracts:templates"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "dogovor-2026.docx" in html and "v2.docx" in html and "Краткая форма для проверки" in html
    assert "contract.citizen_genitive" in html  # the list of variables is on the page

    # the previous version downloads as it was uploaded, and comes back in force as version 3
    download = client.get(reverse("contracts:template_download", args=[history[0].pk]))
    assert download.status_code == 200 and download["Content-Type"] == DOCX
    assert "Примерный договор № {{ contract.number }}" in "\n".join(_paragraphs(download.content))
    assert client.post(reverse("contracts:template_restore", args=[history[0].pk])).status_code == 302
    restored = DocumentTemplate.objects.get(municipality=city, is_active=True)
    assert (restored.version, restored.restored_from_id) == (3, history[0].pk)
    assert "Примерный договор" in _document(client, contract)
    assert DocumentTemplate.objects.filter(municipality=city).count() == 3

    # the repository's template again; the history stays
    assert client.post(reverse("contracts:template_reset")).status_code == 302
    assert "Примерный договор" not in _document(client, contract)
    assert DocumentTemplate.objects.filter(municipality=city).count() == 3
    actions = list(AuditEntry.objects.filter(action__startswith="contracts.template.").values_list("action", flat=True)
                   .order_by("id"))
    assert actions == ["contracts.template.template_uploaded", "contracts.template.template_uploaded",
                       "contracts.template.template_restored", "contracts.template.template_reset"]


@pytest.mark.today("2026-06-10")
@pytest.mark.usefixtures("complete")
def test_a_version_previews_on_a_real_contract(make_contract, school_a, school_b, personas, client_for,
                                               city):
    contract = _variant(make_contract, school_a, school_b)
    version = services_templates.template_upload(actor=personas["committee"], municipality=city,
                                       data=_docx(["Проверка № {{ contract.number }}", "{{p s.parties.body }}"]),
                                       filename="check.docx")
    client = client_for(personas["committee"])
    response = client.get(reverse("contracts:template_preview", args=[version.pk]), {"number": contract.number})
    assert response.status_code == 200
    assert f"Проверка № {contract.number}" in _paragraphs(response.content)
    unknown = client.get(reverse("contracts:template_preview", args=[version.pk]), {"number": "нет-такого"})
    assert unknown.status_code == 302


REFUSALS = [
    pytest.param(["Договор {{ contract.fio }}"], "неизвестная переменная «contract.fio»", id="unknown-attribute"),
    pytest.param(["Договор {{ nomer_dogovora }}"], "неизвестная переменная «nomer_dogovora»", id="unknown-name"),
    pytest.param(["Договор {{ contract.number }"], "ошибка в записи поля", id="unclosed-field"),
    pytest.param(["{%p if variant.minor %}", "Несовершеннолетний"], "ошибка в записи поля", id="if-without-endif"),
    pytest.param(["Договор № {{ contract.number }}", "Акт о возмещении — уточните реквизиты"],
                 "заглушка «уточн»", id="placeholder-utochnite"),
    pytest.param(["Адрес: ________"], "заглушка «___»", id="placeholder-underscores"),
    pytest.param(["{{ contract.__class__ }}"], "служебному атрибуту «__class__»", id="sandbox"),
]


@pytest.mark.parametrize("paragraphs, message", REFUSALS)
def test_a_template_that_fails_is_refused_with_its_reason_and_not_activated(paragraphs, message, personas,
                                                                            client_for, city):
    client = client_for(personas["committee"])
    response = _upload(client, _docx(paragraphs))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "Шаблон не принят" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="contracts.template.").exists()


def _zip(entries: dict[str, bytes], **kwargs) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with(extra: dict[str, bytes]) -> bytes:
    """The repository's template with entries added or replaced."""
    with zipfile.ZipFile(io.BytesIO(templating.default_template())) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    return _zip(entries | extra)


HOSTILE = [
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "старом формате Word (.doc)", id="doc"),
    pytest.param(b"%PDF-1.7 not a template", "не является документом Word", id="pdf"),
    pytest.param(_zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}),
                 "не является документом Word", id="xlsx"),
    pytest.param(b"PK\x03\x04" + b"\0" * 200, "повреждён", id="damaged-zip"),
    pytest.param(_with({"word/vbaProject.bin": b"\0" * 10}), "макросы", id="macros"),
    # a quarter of a gigabyte of zeros packs into a quarter of a megabyte
    pytest.param(_with({"word/media/bomb.bin": b"\0" * (250 * 1024 * 1024)}), "в распакованном виде больше",
                 id="zip-bomb"),
    pytest.param(_with({"word/settings.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">'
                                             b'<!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'}), "повреждён",
                 id="entity-expansion"),
    pytest.param(_zip({f"word/part{i}.xml": b"<x/>" for i in range(templating.MAX_ENTRIES + 1)}),
                 "больше 200 частей", id="too-many-parts"),
]


@pytest.mark.parametrize("data, message", HOSTILE)
def test_a_hostile_file_is_refused_before_it_is_read(data, message, personas, client_for):
    response = _upload(client_for(personas["committee"]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_a_file_over_the_limit_is_refused_by_its_size(personas, client_for):
    response = _upload(client_for(personas["committee"]), b"PK\x03\x04" + b"\0" * (templating.MAX_FILE + 1))
    assert response.status_code == 422
    assert "Файл больше 2 МБ" in response.content.decode()


def test_a_restored_version_is_checked_again(personas, city, monkeypatch):
    version = services_templates.template_upload(actor=personas["committee"], municipality=city,
                                       data=_docx(["{{ contract.number }}", "{{p s.parties.body }}"]),
                                       filename="a.docx")
    services_templates.template_upload(actor=personas["committee"], municipality=city,
                             data=_docx(["{{ contract.citizen }}"]), filename="b.docx")
    sample = templating.sample_context
    monkeypatch.setattr(templating, "sample_context",
                        lambda full: {k: v for k, v in sample(full).items() if k != "contract"})
    with pytest.raises(templating.TemplateRefused, match="«contract»"):
        services_templates.template_restore(actor=personas["committee"], source=version)
    assert DocumentTemplate.objects.get(is_active=True).filename == "b.docx"


# --- Every variant through the template, read back by LibreOffice --------------------------------------------------

@pytest.mark.today("2026-06-10")
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.usefixtures("complete")
def test_every_variant_read_by_libreoffice_has_its_sections_and_signatures(variant, make_contract,
                                                                           school_a, school_b, tmp_path, soffice):
    contract = _variant(make_contract, school_a, school_b, **variant)
    path = tmp_path / "contract.docx"
    path.write_bytes(templating.contract_docx(contract))
    converted = soffice(path, to="txt:Text")
    assert converted is not None, "LibreOffice did not open the document"
    text = converted.read_text(encoding="utf-8-sig")
    parties = variant["parties"]
    employer, education = parties in (3, 4), parties in (4, "3e")
    expected = [title for key, title in HEADINGS if (key != "employer" or employer) and (key != "education" or education)]
    headings = [line.strip() for line in text.splitlines() if re.match(r"^\s*[IVX]+\. ", line)]
    assert [h.split(". ", 1)[1][:40] for h in headings] == [t[:40] for t in expected]
    blocks = ["Заказчик:", "Гражданка:"] + (["Законный представитель несовершеннолетнего гражданина:"]
                                            if variant.get("minor") else []) \
        + (["Работодатель:"] if employer else []) + (["Образовательная организация:"] if education else [])
    assert [line.strip() for line in text.splitlines() if line.strip() in blocks] == blocks
    for mark in (*PLACEHOLDERS, "{{", "}}", "{%", "%}"):
        assert mark not in text.lower(), mark
    pdf = soffice(path, to="pdf")  # and it lays out as pages
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    if os.environ.get("ORIENTIR_DOCUMENT_DUMP"):  # to look at the pages: pdftoppm -png the copies
        name = "-".join(str(v) for v in variant.values())
        shutil.copy(pdf, os.path.join(os.environ["ORIENTIR_DOCUMENT_DUMP"], f"contract-{name}.pdf"))


# --- A lawyer's reading -------------------------------------------------------------------------------------------

ACTS = [
    ("Положение о целевом обучении", "instrumental", True, "Положением о целевом обучении"),
    ("Положение о целевом обучении", "genitive", True, "Положения о целевом обучении"),
    ("Положение о целевом обучении", "dative", True, "Положению о целевом обучении"),
    ("Постановление Администрации города Костромы от 01.03.2025 № 300", "instrumental", False,
     "постановлением Администрации города Костромы от 01.03.2025 № 300"),
    ("Правила заключения договора, утверждённые постановлением", "instrumental", True,
     "Правилами заключения договора, утверждёнными постановлением"),
]


@pytest.mark.parametrize("title, case, capital, expected", ACTS)
def test_acts_are_declined_into_the_case_of_the_sentence(title, case, capital, expected):
    assert russian.act_in_case(title, case, capital=capital) == expected


@pytest.mark.today("2026-06-10")
@pytest.mark.usefixtures("complete")
def test_the_document_says_установленном_положением_not_положение(make_contract, school_a, school_b):
    contract = _variant(make_contract, school_a, school_b, parties=4, minor=True)
    text = "\n".join(_paragraphs(templating.contract_docx(contract)))
    assert not re.search(r"установленн\w+ (Положение|Правила)\b", text)
    assert "в размере и порядке, установленных Положением о целевом обучении" in text


@pytest.mark.today("2026-06-10")
@pytest.mark.usefixtures("complete")
def test_the_template_cites_the_consent_in_force_on_the_signing_day(make_contract, school_a, school_b):
    """Two consents: of 01.06 (before the signing on 04.06) and of 05.06 (after): the document names the first."""
    contract = _variant(make_contract, school_a, school_b, minor=True)
    assert contract.signed_on == datetime.date(2026, 6, 4)
    text = "\n".join(_paragraphs(templating.contract_docx(contract)))
    assert "Согласие на заключение договора от 01.06.2026" in text
    assert "Позднева" not in text and "05.06.2026" not in text


def test_the_history_page_reads_the_same_number_of_queries_for_any_number_of_versions(personas, client_for, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas["committee"])
    data = _docx(["{{ contract.number }}", "{{p s.parties.body }}"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("contracts:templates")).status_code == 200
        return len(ctx.captured_queries)

    services_templates.template_upload(actor=personas["committee"], municipality=city, data=data, filename="1.docx")
    few = queries()
    for i in range(2, 7):
        services_templates.template_upload(actor=personas["committee"], municipality=city, data=data, filename=f"{i}.docx")
    assert queries() == few
