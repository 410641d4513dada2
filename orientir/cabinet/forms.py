"""Forms of the cabinet: the person's own entrance, joining by a code, consent; the officials' invitation form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from orientir.accounts import access
from orientir.accounts.forms import LoginForm
from orientir.directory.forms import BootstrapMixin

from .models import DocumentKind, Kind


class CabinetLoginForm(LoginForm):
    """The officials' login form (labels, style, messages) at the other entrance: only a person's account passes."""

    error_messages = {**LoginForm.error_messages,
                      "inactive": "Учётная запись отключена. Обратитесь в школу или в Комитет."}

    def confirm_login_allowed(self, user):
        # Django's own check (an inactive account), not the officials' entrance's, which refuses a person
        AuthenticationForm.confirm_login_allowed(self, user)
        if not access.is_cabinet_user(user):
            raise forms.ValidationError("Это вход в личный кабинет. Сотрудники входят на странице /accounts/login/.",
                                        code="staff_account")


class JoinForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="Код приглашения", max_length=20,
                           help_text="12 букв и цифр с листка приглашения, например ABCD-EFGH-JKLM.")
    last_name = forms.CharField(label="Фамилия", max_length=150, required=False,
                                help_text="Для родителя: ваши фамилия и имя встанут в согласие, которое вы дадите.")
    first_name = forms.CharField(label="Имя", max_length=150, required=False)
    middle_name = forms.CharField(label="Отчество", max_length=150, required=False)
    username = forms.RegexField(label="Имя пользователя (придумайте)", max_length=60, regex=r"^[\w.@+-]{3,60}$",
                                error_messages={"invalid": "От 3 до 60 латинских букв, цифр и знаков . @ + - _."})
    password1 = forms.CharField(label="Пароль", strip=False, widget=forms.PasswordInput,
                                help_text="Не менее 10 символов, не только цифры и не похожий на имя.")
    password2 = forms.CharField(label="Пароль ещё раз", strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "Пароли не совпадают.")
        return data


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="Код приглашения для родителя", max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ConsentGiveForm(BootstrapMixin, forms.Form):
    agree = forms.BooleanField(label="Даю согласие на обработку персональных данных на условиях, изложенных выше",
                               error_messages={"required": "Отметьте согласие, чтобы его дать."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class WithdrawForm(BootstrapMixin, forms.Form):
    confirm = forms.BooleanField(
        label="Понимаю: сведения, кроме ФИО и школы, будут удалены сразу и восстановить их нельзя",
        error_messages={"required": "Подтвердите, что понимаете последствия отзыва."})
    reason = forms.CharField(label="Причина (необязательно)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PupilInviteForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="Кого пригласить", choices=[(Kind.PARENT.value, Kind.PARENT.label),
                                                               (Kind.PUPIL.value, Kind.PUPIL.label)])
    email = forms.EmailField(label="Отправить код на e-mail (необязательно)", required=False, max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


# --- What people send, and the officials' answers (decision 65) ---------------------------------------------------

class DocumentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="Какой это документ", choices=[("", "— выберите —"), *DocumentKind.choices])
    file = forms.FileField(label="Файл", help_text="PDF, JPEG или PNG, не больше 5 МБ: скан или фотография документа.",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
    note = forms.CharField(label="Комментарий (необязательно)", max_length=500, required=False,
                           help_text="Например: «справка за 1-й семестр 2026/2027 учебного года».")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label="Решение", choices=[("accept", "Принять"), ("return", "Вернуть")],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label="Причина возврата", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Обязательна при возврате: её прочтёт отправитель в личном кабинете.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class QuestionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="Ваш вопрос", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Напишите вопрос."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(label="Ответ", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                             error_messages={"required": "Напишите ответ."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ContractInviteForm(forms.Form):
    email = forms.EmailField(label="Отправить код на e-mail (необязательно)", required=False, max_length=254)
