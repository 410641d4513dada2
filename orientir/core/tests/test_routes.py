"""A resource's pages stand at the usual places under its prefix, named `<name>_<page>`; a page not known is refused."""

import pytest

from orientir.core.routes import resource


def page(request):
    return None


def test_the_pages_given_in_the_usual_order_and_places():
    routes = resource("things/", "thing", edit=page, list=page, create=page, delete=page)
    assert [(str(r.pattern), r.name) for r in routes] == [
        ("things/", "thing_list"), ("things/new/", "thing_create"), ("things/<int:pk>/edit/", "thing_edit"),
        ("things/<int:pk>/delete/", "thing_delete")]


def test_a_page_it_does_not_know_is_refused():
    with pytest.raises(TypeError, match="archive"):
        resource("things/", "thing", archive=page)
