"""Forms of accounts: login in Russian, user administration with role-dependent scope."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password

from orientir.directory.forms import BootstrapMixin

from . import access
from .models import User
from .roles import ORGANISATION_ONLY, SECTOR_WIDE, Role


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Неверное имя пользователя или пароль. Учтите регистр букв.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Имя пользователя"
        self.fields["password"].label = "Пароль"
        self._style()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # The two entrances never mix: a person's cabinet account signs in only at /cabinet/login/ (decision 57).
        if access.is_cabinet_user(user):
            raise forms.ValidationError("Это вход для сотрудников. Обучающиеся, родители и студенты входят в "
                                        "личный кабинет: /cabinet/login/.", code="cabinet_account")


class UserForm(BootstrapMixin, forms.ModelForm):
    password = forms.CharField(label="Пароль", widget=forms.PasswordInput, required=False,
                               help_text="Не менее 10 символов. При изменении оставьте пустым, чтобы не менять.")

    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "middle_name", "email", "phone", "position_title", "role",
                  "municipality", "sector", "organisation", "unit", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = user
        self.fields["municipality"].queryset = access.municipalities_for(user)
        self.fields["organisation"].queryset = access.organisations_for(user).order_by("short_name")
        self.fields["unit"].queryset = access.units_for(user)
        self.fields["last_name"].required = True
        self.fields["first_name"].required = True
        if not self.instance.pk:
            self.fields["password"].required = True
            self.fields["password"].help_text = "Не менее 10 символов; не только цифры."
        self._style()

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in ORGANISATION_ONLY and not data.get("organisation"):
            self.add_error("organisation", "Для этой роли укажите организацию.")
        if role in SECTOR_WIDE and not data.get("sector"):
            self.add_error("sector", "Для специалиста управления укажите отрасль.")
        # Only a regional administrator (no municipality) may create accounts without one.
        if (role != Role.ADMIN or self.actor.municipality_id) and not data.get("municipality"):
            self.add_error("municipality", "Укажите муниципальное образование.")
        password = data.get("password")
        if password:
            try:
                validate_password(password, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
