"""The edit-view helper through a tiny view: 200 on GET, saved and redirected, a refusal on the form with 422."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from orientir.core import editing
from orientir.core.errors import DomainError


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method="get", data=None):
    request = getattr(RequestFactory(), method)("/thing/", data or {})
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request._messages = FallbackStorage(request)
    return request


def thing_edit(request, save):
    """The tiny view: the shape every edit page of the project has."""
    form = NameForm(request.POST or None)
    return editing.submit(request, form, lambda: save(form.cleaned_data["name"]),
                          success=lambda name: f"«{name}» сохранено.", redirect_to=lambda name: f"/thing/{name}/",
                          page=lambda status: HttpResponse(form.errors.as_text(), status=status))


def _texts(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_get_shows_the_form_unsaved():
    saved = []
    response = thing_edit(_request(), saved.append)
    assert response.status_code == 200 and saved == []


def test_valid_post_saves_messages_and_redirects():
    request = _request("post", {"name": "ёлка"})
    response = thing_edit(request, lambda name: name.upper() + "-1")
    assert response.status_code == 302 and response.url == "/thing/%D0%81%D0%9B%D0%9A%D0%90-1/"
    assert _texts(request) == [("success", "«ЁЛКА-1» сохранено.")]


def test_invalid_form_answers_422_without_saving():
    saved = []
    response = thing_edit(_request("post", {"name": ""}), saved.append)
    assert response.status_code == 422 and saved == []


@pytest.mark.parametrize("refusal, where", [
    (DomainError("Имя занято.", field="name"), "name"),
    (DomainError("Нельзя сегодня.", field="no_such_field"), "__all__"),
    (ValidationError({"name": "Слишком коротко."}), "name"),
    (ValidationError("Совсем нельзя."), "__all__"),
])
def test_refusal_goes_onto_the_form_with_422(refusal, where):
    request = _request("post", {"name": "ёлка"})
    form = NameForm(request.POST)

    def refuse():
        raise refusal

    response = editing.submit(request, form, refuse, success="не должно", redirect_to="/",
                              page=lambda status: HttpResponse(status=status))
    assert response.status_code == 422 and list(form.errors) == [where]
    assert _texts(request) == []


def test_template_page_gets_the_form_and_context(monkeypatch):
    shown = {}

    def fake_render(request, template, context, status):
        shown.update(template=template, context=context, status=status)
        return HttpResponse(status=status)

    monkeypatch.setattr(editing, "render", fake_render)
    request = _request("post", {"name": ""})
    form = NameForm(request.POST)
    editing.submit(request, form, lambda: None, success="", redirect_to="/", page="thing/form.html",
                   context={"thing": 1})
    assert shown == {"template": "thing/form.html", "context": {"form": form, "thing": 1}, "status": 422}


def test_act_success_and_refusal():
    request = _request("post")
    response = editing.act(request, lambda: "Дом", success=lambda name: f"«{name}» удалён.", redirect_to="/list/",
                           refused_to="/card/")
    assert (response.url, _texts(request)) == ("/list/", [("success", "«Дом» удалён.")])

    request = _request("post")

    def refuse():
        raise DomainError("Есть связанные записи.")

    response = editing.act(request, refuse, success="", redirect_to="/list/", refused_to="/card/",
                           refused_prefix="Не удалено: ")
    assert (response.url, _texts(request)) == ("/card/", [("error", "Не удалено: Есть связанные записи.")])


def test_in_scope_or_new():
    assert editing.in_scope_or_new(5, load=lambda: "найдено", require=lambda: None) == "найдено"
    assert editing.in_scope_or_new(None, load=lambda: "не то", require=lambda: None) is None

    def forbid():
        raise PermissionDenied

    with pytest.raises(PermissionDenied):
        editing.in_scope_or_new(None, load=lambda: None, require=forbid)


def test_core_editing_imports_no_domain_app():
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(editing.__file__).read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert all(not m.startswith("orientir.") or m.startswith("orientir.core") for m in modules), modules
