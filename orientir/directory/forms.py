"""Forms of the directory. Labels come from the models' verbose names."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from orientir.core.validators import normalize_phone, strip_identifier
from orientir.core.widgets import speed_up

from . import scope
from .models import AcademicYear, CommitteeUnit, Municipality, Organisation, Position, Specialty


class BootstrapMixin:
    """Give every widget Bootstrap classes so forms look the same everywhere."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.RadioSelect):  # each option a Bootstrap check, not a stretched text box
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
                speed_up(widget)
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_error(self, field, error):
        """Mark the widget invalid too, so Bootstrap draws the field red next to its message."""
        super().add_error(field, error)
        names = [field] if field else []
        if field is None and hasattr(error, "error_dict"):
            names = list(error.error_dict)
        for name in names:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


ORG_FIELDS = [
    "municipality", "full_name", "short_name", "kind", "sector", "inn", "ogrn", "address",
    "head_position", "head_last_name", "head_first_name", "head_middle_name", "phone", "email", "website",
    "is_customer", "customer_since", "status", "closed_on",
]
# What an organisation's own coordinator may correct on its card: contacts, not its legal identity.
COORDINATOR_FIELDS = ["address", "head_position", "head_last_name", "head_first_name", "head_middle_name",
                      "phone", "email", "website"]


class OrganisationForm(BootstrapMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = ORG_FIELDS
        widgets = {"customer_since": DateInput(), "closed_on": DateInput(),
                   "full_name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if scope.sees_one_organisation(user):
            for name in list(self.fields):
                if name not in COORDINATOR_FIELDS and name != "version":
                    del self.fields[name]
        else:
            self.fields["municipality"].queryset = scope.municipalities_for(user)
            self.fields["municipality"].empty_label = None
            self.fields["sector"].choices = scope.sectors_for(user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name, room in (("inn", 20), ("ogrn", 24)):  # typed with spaces or dashes: «7707 083 893»
            if name in self.fields:
                self.fields[name].max_length = room
                self.fields[name].widget.attrs["maxlength"] = room
                self.fields[name].validators = [v for v in self.fields[name].validators
                                                if not isinstance(v, MaxLengthValidator)]
        self._style()

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        return normalize_phone(value) if value else ""

    def clean_inn(self):
        return strip_identifier(self.cleaned_data.get("inn"))

    def clean_ogrn(self):
        return strip_identifier(self.cleaned_data.get("ogrn"))

    def clean(self):
        data = super().clean()
        if data.get("status") == Organisation.Status.CLOSED and not data.get("closed_on"):
            self.add_error("closed_on", "Укажите дату закрытия организации.")
        if data.get("is_customer") is False:
            data["customer_since"] = None
        return data

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MunicipalityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "short_name", "oktmo"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CommitteeUnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommitteeUnit
        fields = ["municipality", "name", "short_name", "kind", "sector", "head_name", "email", "phone", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = scope.municipalities_for(user)
        self.fields["municipality"].empty_label = None
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("kind") == CommitteeUnit.Kind.DIRECTORATE and not data.get("sector"):
            self.add_error("sector", "Для управления укажите курируемую отрасль.")
        return data


class PositionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "sector", "required_level", "specialty_groups", "is_active"]
        widgets = {"specialty_groups": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class SpecialtyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Specialty
        fields = ["code", "name", "level", "group", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_code(self):
        import re

        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", code):
            raise ValidationError("Код в форме ЧЧ.ЧЧ.ЧЧ, например 44.03.01.")
        return code

    def clean(self):
        data = super().clean()
        code, group = data.get("code"), data.get("group")
        if code and group and code[:2] != group.code[:2]:
            self.add_error("group", f"Код {code} не относится к группе {group.code}.")
        return data


class AcademicYearForm(BootstrapMixin, forms.ModelForm):
    # Not a model field here: the service switches the current year off elsewhere before saving,
    # which the one-current-year constraint would otherwise refuse at form validation.
    is_current = forms.BooleanField(label="Текущий", required=False)

    class Meta:
        model = AcademicYear
        fields = ["start_year", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_current"].initial = self.instance.is_current
        self._style()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "Окончание учебного года должно быть позже начала.")
        return data
