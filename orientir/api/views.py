"""The administrator's page of API keys: who holds one, with whose rights; issue (the key shown once) and revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core.errors import DomainError
from orientir.core.editing import apply_errors
from orientir.directory.forms import BootstrapMixin

from . import services
from .models import ApiToken

PERM = "accounts.users.manage"


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Кому выдаётся", max_length=300,
                           help_text="Орган власти области, который будет получать данные")
    user = forms.ModelChoiceField(label="С правами пользователя", queryset=None,
                                  help_text="Обычно — наблюдатель, заведённый для этого органа: ключ открывает "
                                            "только то, что этот пользователь видит на страницах системы")

    def __init__(self, *args, admin=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = access.users_for(admin).filter(is_active=True).order_by("last_name", "username")
        self._style()


def _tokens(user):
    return ApiToken.objects.filter(user__in=access.users_for(user)).select_related("user", "created_by")


@login_required
def token_list(request):
    access.require(request.user, PERM)
    form, key, status = TokenForm(admin=request.user), None, 200
    if request.method == "POST":
        form = TokenForm(request.POST, admin=request.user)
        if form.is_valid():
            try:
                token, key = services.token_issue(actor=request.user, name=form.cleaned_data["name"],
                                                  user=form.cleaned_data["user"])
            except DomainError as exc:
                apply_errors(form, exc)
                status = 422
            else:
                messages.success(request, f"Ключ для «{token.name}» выдан. Скопируйте его сейчас: "
                                          "система его больше не покажет.")
                form = TokenForm(admin=request.user)
        else:
            status = 422
    return render(request, "api/token_list.html", {"tokens": _tokens(request.user), "form": form, "key": key},
                  status=status)


@login_required
@require_POST
def token_revoke(request, pk: int):
    access.require(request.user, PERM)
    token = get_object_or_404(_tokens(request.user), pk=pk)
    try:
        services.token_revoke(actor=request.user, token=token)
        messages.success(request, f"Ключ «{token.name}» отозван: запросы с ним больше не принимаются.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("api_keys:token_list")
