"""The list helpers on the audit log's own rows: a filter left empty narrows nothing, every word of a search must
stand in one of the fields, the export's log line keeps the filters and never the typed search."""

import pytest
from django.test import RequestFactory

from orientir.core.listing import containing, exported, matching_words, narrowed
from orientir.core.models import AuditEntry
from orientir.core.tables import Column, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    for action, what, who in [("a.created", "иванов петр", "Система"), ("a.updated", "петров иван", "Оператор"),
                              ("b.created", "сидоров", "Оператор")]:
        AuditEntry.objects.create(action=action, object_repr=what, actor_name=who)
    return AuditEntry.objects.order_by("id")


def _reprs(qs):
    return [e.object_repr for e in qs]


def test_narrowed_skips_the_filters_left_empty(rows):
    assert _reprs(narrowed(rows, action="", actor_name=None, object_repr__contains=0)) == [
        "иванов петр", "петров иван", "сидоров"]
    assert _reprs(narrowed(rows, action__startswith="a.", actor_name="Оператор")) == ["петров иван"]


def test_containing_looks_for_the_whole_text_in_any_field(rows):
    assert _reprs(containing(rows, "", "object_repr__contains")) == ["иванов петр", "петров иван", "сидоров"]
    assert _reprs(containing(rows, "петр", "object_repr__contains", "actor_name__contains")) == [
        "иванов петр", "петров иван"]
    assert _reprs(containing(rows, "Опер", "object_repr__contains", "actor_name__contains")) == [
        "петров иван", "сидоров"]
    assert _reprs(containing(rows, "иван петр", "object_repr__contains")) == []


def test_matching_words_wants_every_word_in_some_field(rows):
    assert _reprs(matching_words(rows, "  Иван   ПЕТР ", "object_repr__contains")) == ["иванов петр", "петров иван"]
    assert _reprs(matching_words(rows, "сидоров оператор", "object_repr__contains")) == []
    assert _reprs(matching_words(rows, "", "object_repr__contains")) == ["иванов петр", "петров иван", "сидоров"]


def test_exported_logs_the_filters_without_the_search():
    request = RequestFactory().get("/list/export/", {"q": "Иванов", "state": "open", "page": "3"})
    request.user = None
    report = Report(title="Список", columns=[Column("Имя")], rows=[("Иванов",)], filename="list")
    response = exported(request, report, "core.list.exported")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="core.list.exported")
    assert entry.object_repr == "Список"
    assert entry.changes == {"filters": [None, "q=«поиск по тексту»&state=open"]}
