"""Login, logout, password change and reset, and user administration."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from orientir.core import audit, editing
from orientir.core.views import paginate

from . import access, services, throttle
from .forms import LoginForm, UserForm
from .models import User
from .roles import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class StyledFormMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form


class PasswordChangeView(StyledFormMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    extra_context = {"page_title": "Смена пароля", "submit_label": "Сменить пароль",
                     "intro": "Пароль — не менее 10 символов, не только цифры и не похожий на имя."}
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    extra_context = {"page_title": "Пароль изменён", "intro": "Новый пароль действует со следующего входа.",
                     "link_url": "/", "link_label": "На главную"}


class PasswordResetView(StyledFormMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    extra_context = {"page_title": "Восстановление пароля", "submit_label": "Отправить ссылку",
                     "intro": "Укажите адрес электронной почты учётной записи — мы пришлём ссылку для нового пароля."}
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Over a limit (accounts/throttle.py): the same answer as on success, and no mail.
        if not throttle.reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"page_title": "Письмо отправлено", "link_url": reverse_lazy("accounts:login"), "link_label": "Ко входу",
                     "intro": "Если адрес есть в системе, на него отправлена ссылка для смены пароля."}


class PasswordResetConfirmView(StyledFormMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    extra_context = {"page_title": "Новый пароль", "submit_label": "Сохранить пароль"}
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"page_title": "Пароль сохранён", "link_url": reverse_lazy("accounts:login"), "link_label": "Войти"}


@login_required
def user_list(request):
    access.require(request.user, "accounts.users.manage")
    qs = access.users_for(request.user).select_related("organisation", "municipality", "unit")
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        qs = qs.filter(Q(username__fold_contains=q) | Q(last_name__fold_contains=q)
                       | Q(first_name__fold_contains=q) | Q(middle_name__fold_contains=q) | Q(email__fold_contains=q))
    if role in Role.values:
        qs = qs.filter(role=role)
    page = paginate(request, qs.order_by("last_name", "first_name", "id"))
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "role": role, "roles": Role.choices})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int | None = None):
    access.require(request.user, "accounts.users.manage")
    if pk:
        target = access.users_for(request.user).filter(pk=pk).first()
        if target is None:
            raise Http404("Пользователь не найден")
    else:
        target = User()
    form = UserForm(request.POST or None, instance=target, user=request.user)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password"}
        return services.user_save(actor=request.user, user=target, data=data,
                                  password=form.cleaned_data.get("password"))

    return editing.submit(
        request, form, save, success=lambda _: f"Пользователь {target.get_full_name()} сохранён.",
        redirect_to=reverse("accounts:user_list"), page="accounts/user_form.html",
        context={"target": target if pk else None, "history": audit.history_for(target)[:30] if pk else []})


