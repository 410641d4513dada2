"""Forms of the offers pages. Labels come from the models' verbose names; the services keep the rules."""

from django import forms
from django.utils import timezone

from orientir.accounts import access
from orientir.directory.forms import BootstrapMixin, DateInput
from orientir.directory.models import Specialty
from orientir.forecast.models import ForecastSnapshot

from . import selectors
from .models import Application, Offer, OfferCampaign

WIDE = ["support_measures", "requirements", "work_place", "education_organisation", "note", "reason"]


class _Styled(BootstrapMixin):
    def _setup(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        self._style()


class CampaignForm(_Styled, forms.ModelForm):
    class Meta:
        model = OfferCampaign
        fields = ["municipality", "year", "snapshot", "placement_deadline", "note"]
        help_texts = {"snapshot": "Потребность кампании берётся из зафиксированного прогноза и дальше не меняется.",
                      "placement_deadline": "По ПП РФ № 555 предложения в пределах квоты размещаются до 10 июня."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = access.municipalities_for(user)
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.first()
        self.fields["snapshot"].queryset = ForecastSnapshot.objects.filter(
            municipality__in=municipalities).order_by("-created_at")
        self._setup()

    def clean(self):
        data = super().clean()
        year, deadline = data.get("year"), data.get("placement_deadline")
        if year and deadline and deadline.year != year:
            self.add_error("placement_deadline", "Срок размещения — в год приёма.")
        if year and data.get("municipality") and OfferCampaign.objects.filter(
                municipality=data["municipality"], year=year).exists():
            self.add_error("year", f"Кампания на {year} год уже открыта.")
        return data


class OfferForm(_Styled, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Offer
        fields = ["customer", "education_organisation", "specialty", "level", "study_form", "is_quota",
                  "contracts_count", "target", "support_measures", "monthly_payment", "work_place", "work_position", "work_years",
                  "requirements", "contact"]
        widgets = {"support_measures": forms.Textarea(attrs={"rows": 3}),
                   "requirements": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"target": "Пусто — подберётся по укрупнённой группе специальности, уровню и отрасли заказчика.",
                      "support_measures": "Например: ежемесячная выплата 3 000 ₽, оплата проживания в общежитии.",
                      "contact": "Кому звонить поступающему: ФИО, телефон, электронная почта."}

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        customers = selectors.customers_of(user, campaign)
        self.fields["customer"].queryset = customers
        if not self.instance.pk and len(customers[:2]) == 1:  # a school's coordinator drafts for its school only
            self.fields["customer"].initial = customers[0].pk
        self.fields["target"].queryset = campaign.targets.select_related("specialty_group")
        self.fields["specialty"].queryset = Specialty.objects.filter(valid_to__isnull=True).order_by("code", "level")
        self.fields["level"].required = False
        self.fields["level"].help_text = "Пусто — уровень специальности по классификатору."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self._setup()

    def validate_unique(self):
        """Numbers are given by the service."""

    def payload(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ReturnForm(_Styled, forms.Form):
    reason = forms.CharField(label="Что исправить", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class PlaceForm(_Styled, forms.Form):
    platform_number = forms.CharField(label="Номер предложения на «Работа в России»", max_length=60)
    placed_on = forms.DateField(label="Дата размещения", initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup()


class ApplicationForm(_Styled, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["offer", "last_name", "first_name", "middle_name", "birth_date", "applied_on", "status",
                  "platform_number"]

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = access.offers_for(user).filter(
            campaign=campaign, status__in=(Offer.Status.APPROVED, Offer.Status.PLACED)).select_related(
            "customer", "specialty").order_by("number")
        self._setup()

    def validate_unique(self):
        """The service says it with the field."""
