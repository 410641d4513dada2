"""Export log entries keep the filters but not the text typed into search (it may be a pupil's name)."""

from django.http import QueryDict

from orientir.core import audit


def test_search_text_is_not_logged():
    query = QueryDict("q=Ёлкина+Мария&school=3&page=2&year=2026")
    logged = audit.filters_repr(query)
    assert "Ёлкина" not in logged and "page" not in logged
    assert logged == "q=«поиск по тексту»&school=3&year=2026"
