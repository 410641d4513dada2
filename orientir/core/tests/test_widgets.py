"""The fast select writes what Django's own select template writes (attribute order aside)."""

import pytest
from django import forms
from django.test.html import parse_html

from orientir.core.widgets import FastSelect, FastSelectMultiple

CHOICES = [("", "---------"), (1, "Школа № 1 «Ёлочка» & <сад>"), ("Группа", [(2, "2"), (3, 'Три "кавычки"')])]


@pytest.mark.parametrize(("fast", "plain", "value"), [
    (FastSelect, forms.Select, 3), (FastSelect, forms.Select, None), (FastSelect, forms.Select, ""),
    (FastSelectMultiple, forms.SelectMultiple, [1, 3]),
])
def test_the_same_html_as_djangos_template(fast, plain, value):
    attrs = {"class": "form-select is-invalid", "required": True, "disabled": False, "data-x": "<y>"}
    expected = plain(attrs=attrs, choices=CHOICES).render("org", value, attrs={"id": "id_org"})
    got = fast(attrs=attrs, choices=CHOICES).render("org", value, attrs={"id": "id_org"})
    assert parse_html(got) == parse_html(expected)  # the same elements, attributes and text, in any attribute order
    assert got.count("<option") == expected.count("<option") == 4


ODD_CHOICES = [(None, "— не выбрано —"), (1, "Один"), (1, "Один ещё раз"), ("Группа", [(None, "пусто"), (2, "Два")]),
               ("x&y", "<b>не разметка</b>")]


@pytest.mark.parametrize(("fast", "plain", "value"), [
    (FastSelect, forms.Select, 1), (FastSelect, forms.Select, None), (FastSelect, forms.Select, "x&y"),
    (FastSelectMultiple, forms.SelectMultiple, [1, None, 2]), (FastSelectMultiple, forms.SelectMultiple, None),
])
def test_the_one_pass_renderer_keeps_djangos_rules(fast, plain, value):
    """Written in one pass over the choices, not through Django's per-option dicts: a None value is "", a single
    select marks only its first match, a multiple one every match, labels and values are escaped."""
    expected = plain(choices=ODD_CHOICES).render("x", value, attrs={"id": "id_x"})
    got = fast(choices=ODD_CHOICES).render("x", value, attrs={"id": "id_x"})
    assert parse_html(got) == parse_html(expected)
    assert got.count(" selected") == expected.count(" selected")


def test_lean_choices_print_labels_from_few_columns_and_clean_to_a_whole_instance(db, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_org
    from orientir.core.widgets import lean_choices
    from orientir.directory.models import Organisation

    org = make_org(city, short_name="МБОУ «Гимназия № 1»")
    field = forms.ModelChoiceField(queryset=Organisation.objects.order_by("sort_name"), widget=FastSelect)
    lean_choices(field, "pk", "short_name")
    with CaptureQueriesContext(connection) as ctx:
        html = field.widget.render("org", None)
    assert "Гимназия № 1" in html
    selects = [q["sql"] for q in ctx.captured_queries if "directory_organisation" in q["sql"]]
    assert selects and all('"directory_organisation"."inn"' not in sql for sql in selects)
    cleaned = field.clean(str(org.pk))
    assert cleaned == org and not cleaned.get_deferred_fields()
