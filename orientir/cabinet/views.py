"""The personal cabinet's pages (people) and the officials' invitation pages. Thin: access, form, one service or
selector, a page or a redirect."""

import functools

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core import editing
from orientir.core.errors import DomainError

from . import selectors, services, throttle
from . import selectors_inbox, services_inbox
from .forms import (CabinetLoginForm, CodeForm, ConsentGiveForm, ContractInviteForm, DocumentForm, JoinForm,
                    PupilInviteForm, QuestionForm, WithdrawForm)
from .models import Kind

TOO_MANY = "Слишком много попыток ввести код с этого адреса. Попробуйте через час."


def person_required(view):
    """A person's page: an anonymous visitor goes to the cabinet's own entrance, a staff account is refused."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('cabinet:login')}?next={request.path}")
        if not access.is_cabinet_user(request.user):
            raise PermissionDenied("Личный кабинет — для обучающихся, родителей и студентов.")
        return view(request, *args, **kwargs)
    return wrapped


class LoginView(auth_views.LoginView):
    template_name = "cabinet/login.html"
    authentication_form = CabinetLoginForm

    def get_default_redirect_url(self):
        return reverse("cabinet:home")

    def get_redirect_url(self):
        # Only a cabinet page may follow the sign-in: a person is never sent into the officials' part.
        url = super().get_redirect_url()
        return url if url.startswith("/cabinet/") else ""


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("cabinet:login")


@method_decorator(person_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "cabinet/password.html"
    success_url = reverse_lazy("cabinet:home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form

    def form_valid(self, form):
        messages.success(self.request, "Пароль изменён.")
        return super().form_valid(form)


def join(request):
    """An invitation's code, the person's name (a parent's) and a password: the account, signed in at once."""
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})

    def save():
        if not throttle.code_attempt_allowed(request):
            raise DomainError(TOO_MANY, field="code")
        d = form.cleaned_data
        user = services.join(code=d["code"], username=d["username"], password=d["password1"],
                             last_name=d["last_name"], first_name=d["first_name"], middle_name=d["middle_name"])
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return user

    return editing.submit(request, form, save,
                          success="Учётная запись создана. Запомните имя пользователя и пароль.",
                          redirect_to=reverse("cabinet:home"), page="cabinet/join.html")


@person_required
def home(request):
    account = selectors.account_of(request.user)
    return render(request, "cabinet/home.html", {"account": account, **selectors.home(request.user),
                                                 "code_form": CodeForm() if account.kind == Kind.PARENT else None})


@person_required
@require_POST
def link(request):
    """A parent adds one more child with that child's parent code."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Введите код приглашения.")
        return redirect("cabinet:home")

    def do():
        if not throttle.code_attempt_allowed(request):
            raise DomainError(TOO_MANY)
        return services.link_more(user=request.user, code=form.cleaned_data["code"])

    return editing.act(request, do, success="Ребёнок добавлен в ваш кабинет.", redirect_to=reverse("cabinet:home"))


@person_required
def pupil(request, pk: int):
    record = access.cabinet_pupil_for_view(request.user, pk)
    return render(request, "cabinet/pupil.html", {"pupil": record,
                                                  **selectors.pupil_page(record, timezone.localdate())})


def _consent_page(request, record, give_form=None, withdraw_form=None, status=200):
    return render(request, "cabinet/consent.html", {
        "pupil": record, **selectors.consent_page(request.user, record, timezone.localdate()),
        "give_form": give_form or ConsentGiveForm(), "withdraw_form": withdraw_form or WithdrawForm()},
        status=status)


@person_required
def consent(request, pk: int):
    """The consents of the pupil; a POST gives one (dated today, in the account holder's name)."""
    record = access.cabinet_pupil_for_view(request.user, pk)
    if request.method != "POST":
        return _consent_page(request, record)
    form = ConsentGiveForm(request.POST)
    return editing.submit(request, form, lambda: services.consent_give(user=request.user, pupil=record),
                          success="Согласие дано. Школа видит его в карточке обучающегося.",
                          redirect_to=reverse("cabinet:consent", args=[pk]),
                          page=lambda status: _consent_page(request, record, give_form=form, status=status))


@person_required
@require_POST
def consent_withdraw(request, pk: int):
    record = access.cabinet_pupil_for_view(request.user, pk)
    form = WithdrawForm(request.POST)
    return editing.submit(
        request, form, lambda: services.consent_withdraw(user=request.user, pupil=record,
                                                         reason=form.cleaned_data["reason"]),
        success="Согласие отозвано. Сведения, кроме ФИО и школы, удалены.",
        redirect_to=reverse("cabinet:consent", args=[pk]),
        page=lambda status: _consent_page(request, record, withdraw_form=form, status=status))


@person_required
def contract(request, pk: int):
    record = access.cabinet_contract_for_view(request.user, pk)
    return render(request, "cabinet/contract.html", {"contract": record,
                                                     **selectors.contract_page(record, timezone.localdate())})


@person_required
def contract_documents(request, pk: int):
    """The documents sent about the contract and their check; a POST sends one more (bounded before it is read)."""
    record = access.cabinet_contract_for_view(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)

    def save():
        data, content_type, ext = services_inbox.read_document(form.cleaned_data["file"])
        return services_inbox.document_upload(
            user=request.user, contract=record, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"],
            data=data, content_type=content_type,
            filename=services_inbox.clean_filename(form.cleaned_data["file"].name, ext))

    return editing.submit(
        request, form, save, success="Документ отправлен на проверку. Результат появится на этой странице.",
        redirect_to=reverse("cabinet:contract_documents", args=[pk]), page=lambda status: render(
            request, "cabinet/documents.html",
            {"contract": record, "form": form, "documents": selectors_inbox.documents_of(record)}, status=status))


@person_required
def questions(request, pk: int):
    """Questions about the pupil to their tutor, with the answers; a POST asks one more."""
    record = access.cabinet_pupil_for_view(request.user, pk)
    form = QuestionForm(request.POST or None)
    return editing.submit(
        request, form, lambda: services_inbox.question_ask(user=request.user, pupil=record,
                                                           text=form.cleaned_data["text"]),
        success="Вопрос отправлен. Ответ появится на этой странице.",
        redirect_to=reverse("cabinet:questions", args=[pk]), page=lambda status: render(
            request, "cabinet/questions.html", {"pupil": record, "form": form,
                                                "questions": selectors_inbox.questions_of(record),
                                                "tutor": services_inbox.current_tutor(record)}, status=status))


# --- Officials: invitations -----------------------------------------------------------------------------------

def _print(request, invitation, code: str, record_name: str, back: str, email: str = ""):
    """The sheet to print, shown once; with an address, the code goes by e-mail too."""
    join_url = request.build_absolute_uri(reverse("cabinet:join"))
    emailed = email_error = ""
    if email:
        try:
            services.invitation_email(actor=request.user, invitation=invitation, code=code, email=email,
                                      join_url=join_url)
        except DomainError as exc:
            email_error = exc.message
        else:
            emailed = email
    qr = segno.make(f"{join_url}?code={code}", error="m").svg_inline(scale=4, dark="#000", omitsize=False)
    return render(request, "cabinet/invitation_print.html", {
        "invitation": invitation, "code": code, "qr": qr, "join_url": join_url, "record_name": record_name,
        "back": back, "emailed": emailed, "email_error": email_error})


@login_required
@require_POST
def invite_pupil(request, pk: int):
    """A code for a pupil from 14 or their parent, printed at once: the code is shown this one time."""
    record = access.pupil_for_invitation(request.user, pk)
    form = PupilInviteForm(request.POST)
    back = reverse("pupils:pupil_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, "Проверьте адрес e-mail." if "email" in form.errors else "Выберите, кого пригласить.")
        return redirect(back)
    try:
        invitation, code = services.invitation_issue(actor=request.user, kind=form.cleaned_data["kind"],
                                                     pupil=record)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return _print(request, invitation, code, record.full_name, back, form.cleaned_data["email"])


@login_required
@require_POST
def invite_contract(request, pk: int):
    """A code for the citizen of a contract (a student or a young specialist)."""
    record = access.contract_for_invitation(request.user, pk)
    back = request.POST.get("back") if request.POST.get("back") in (
        reverse("contracts:contract_detail", args=[pk]), reverse("students:student_detail", args=[pk])) \
        else reverse("contracts:contract_detail", args=[pk])
    form = ContractInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Проверьте адрес e-mail.")
        return redirect(back)
    try:
        invitation, code = services.invitation_issue(actor=request.user, kind="", contract=record)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return _print(request, invitation, code, record.citizen_name, back, form.cleaned_data["email"])
