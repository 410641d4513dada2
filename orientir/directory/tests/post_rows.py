"""POST rows of the directory pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

An organisation's card is changed by the committee and the directorates (their sector) and by the organisation's own
coordinator (contacts only); new organisations are added by the committee and the directorates; reference books are
the administrator's.
"""

from orientir.accounts.tests.matrix_kit import MAY_CREATE_ORG, MAY_EDIT_ORG_CARD
from orientir.accounts.tests.post_matrix_kit import KEEP, MISSING, WRITE, Post, _all, form_values, writes
from orientir.core.validators import make_inn10, make_ogrn


def _org(o, kwargs):
    from orientir.directory.forms import OrganisationForm
    from orientir.directory.models import Organisation

    org = Organisation.objects.get(pk=kwargs["pk"])
    return form_values(OrganisationForm(instance=org, user=o["personas"]["admin"]), phone="+7 (4942) 45-67-89",
                       address="г. Кострома, ул. Советская, д. 1")


def _new_org(city_key):
    def data(o, kwargs):
        return {"municipality": o[city_key].pk, "full_name": "Муниципальное бюджетное общеобразовательное учреждение "
                "«Средняя общеобразовательная школа № 40»", "short_name": "МБОУ СОШ № 40", "kind": "school",
                "sector": "education", "inn": make_inn10("440199999"), "ogrn": make_ogrn("102440199999"),
                "address": "г. Кострома, ул. Ленина, д. 40", "head_position": "Директор",
                "head_last_name": "Смирнова", "head_first_name": "Елена", "phone": "+7 (4942) 55-00-40",
                "email": "school40@example.ru", "status": "active"}
    return data


def _reference_item(o, kwargs):
    from orientir.directory.forms import CommitteeUnitForm
    from orientir.directory.models import CommitteeUnit

    unit = CommitteeUnit.objects.get(pk=kwargs["pk"])
    return form_values(CommitteeUnitForm(instance=unit, user=o["personas"]["admin"]), head_name="Кузнецова Н. В.")


def _import_file(o, kwargs):
    """A registry file of one new school: whoever may add organisations checks it (the upload is kept for the
    preview), the others are refused before the file is read."""
    import io

    import openpyxl

    from orientir.accounts.tests.post_matrix_kit import upload

    book = openpyxl.Workbook()
    book.active.append(["Полное наименование*", "Тип", "ИНН*", "ОГРН*", "Муниципальное образование"])
    book.active.append(["МБОУ «Средняя общеобразовательная школа № 41»", "Школа", make_inn10("440199941"),
                        make_ogrn("102440199941"), str(o["city"])])
    buf = io.BytesIO()
    book.save(buf)
    return {"file": upload("organisations.xlsx", buf.getvalue())}


NOT_OWN = {"coordinator_a": MISSING, "tutor": MISSING}

ROWS: dict = {
    "directory:organisation_create": [
        Post(None, _new_org("city"), writes(MAY_CREATE_ORG)),
        # in another municipality: outside the committee's and the directorate's choice (the form refuses it)
        Post(None, _new_org("other_city"), writes({"admin"}, committee=KEEP, directorate=KEEP)),
    ],
    "directory:organisation_import": [Post(None, _import_file, writes(MAY_CREATE_ORG))],
    "directory:organisation_edit": [
        Post(lambda o: {"pk": o["school_a"].pk}, _org, writes(MAY_EDIT_ORG_CARD)),
        Post(lambda o: {"pk": o["school_b"].pk}, _org, writes(MAY_EDIT_ORG_CARD - {"coordinator_a"}, **NOT_OWN)),
        # the library is outside the education directorate's and the quality centre's sector
        Post(lambda o: {"pk": o["library"].pk}, _org,
             writes({"admin", "committee"}, directorate=MISSING, methodologist=MISSING, **NOT_OWN)),
        Post(lambda o: {"pk": o["far_school"].pk}, _org, _all(MISSING, admin=WRITE)),
    ],
    "directory:reference_create": [
        Post(lambda o: {"kind": "positions"}, {"name": "Педагог-навигатор профориентации", "sector": "education",
                                               "required_level": "higher", "is_active": "on"}, writes({"admin"})),
    ],
    "directory:reference_edit": [
        Post(lambda o: {"kind": "units", "pk": o["city"].units.get(short_name="УО").pk}, _reference_item,
             writes({"admin"})),
    ],
}
