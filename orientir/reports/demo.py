"""Demo history for the funnel: the school years before this one, so the pipeline can be seen end to end.

The contracts builder signs graduates' contracts in past years without a pupil behind them; here every such
graduate gets the school history they would have had — a graduated pupil with a consent, a motivation mark, a
database entry and a completed route sheet in the school year before signing — and each past cohort also gets
the pupils who went part of the way (declined, left school, did not finish the route sheet).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from orientir.core.demo import DemoContext, demo_builder, person
from orientir.directory.models import Organisation


@demo_builder(90, "История прошлых лет для воронки: выпускники школ, заключившие договоры, и выбывшие")
def build_funnel_history(ctx: DemoContext) -> None:
    from orientir.contracts.models import Contract, Kind
    from orientir.pupils.models import (Consent, MotivatedPupil, Pupil, RouteSheet, RouteSheetItem,
                                          TargetedEntry)

    rng = ctx.rng
    city = ctx.made["municipalities"][0]
    schools = list(Organisation.objects.filter(municipality=city, kind="school", status="active").order_by("id"))
    contracts = list(Contract.objects.filter(municipality=city, kind=Kind.GRADUATE, pupil__isnull=True,
                                             signed_on__isnull=False).select_related("specialty", "customer"))
    if not schools or not contracts:  # run once: afterwards every such contract has its pupil
        return

    def school_year(day):
        return day.year if day.month >= 9 else day.year - 1

    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    def history(pupil, cohort, specialty, level, *, status, done_items, sector):
        # Records of past years carry the dates they were made then, not today's (auto_now fields are set after).
        mark = MotivatedPupil.objects.create(pupil=pupil, start_year=cohort, sector=sector, specialty=specialty)
        MotivatedPupil.objects.filter(pk=mark.pk).update(marked_at=at(datetime.date(cohort, 10, 5)))
        if status is None:
            return
        entry = TargetedEntry.objects.create(pupil=pupil, start_year=cohort, specialty=specialty,
                                             level="spo" if level.startswith("spo") else "higher", status=status,
                                             note="выбрал другую профессию" if status == "declined" else "")
        TargetedEntry.objects.filter(pk=entry.pk).update(updated_at=at(datetime.date(cohort, 10, 20)))
        sheet = RouteSheet.objects.create(entry=entry)
        RouteSheet.objects.filter(pk=sheet.pk).update(created_at=at(datetime.date(cohort, 10, 21)))
        for n, (kind, title, month) in enumerate([("consultation", "Консультация по условиям целевого обучения", 10),
                                                  ("career_event", "Профессиональная суббота", 11),
                                                  ("customer_meeting", "Встреча с организацией-заказчиком", 2),
                                                  ("trial", "Профессиональная проба", 3)]):
            planned = datetime.date(cohort + (month < 9), month, 15)
            RouteSheetItem.objects.create(sheet=sheet, kind=kind, title=title, planned_on=planned,
                                          done_on=planned if n < done_items else None)

    def graduated_pupil(school, last, first, middle, born, cohort, *, status="graduated"):
        pupil = Pupil(organisation=school, last_name=last, first_name=first, middle_name=middle, birth_date=born,
                      grade=11, class_letter=rng.choice("АБ"), status=status,
                      left_on=datetime.date(cohort + 1, 6, 28) if status == "graduated"
                      else datetime.date(cohort + 1, 1, 20))
        pupil.save()
        Pupil.objects.filter(pk=pupil.pk).update(created_at=at(datetime.date(cohort, 9, 5)))
        Consent.objects.create(pupil=pupil, given_by_name=f"{last} (законный представитель)",
                               given_on=datetime.date(cohort, 9, 5), document_ref="заявление")
        return pupil

    with transaction.atomic():
        cohorts = set()
        for contract in contracts:
            cohort = school_year(contract.signed_on)
            cohorts.add(cohort)
            sector = contract.customer.sector if contract.customer_id else "education"
            pupil = graduated_pupil(rng.choice(schools), contract.last_name, contract.first_name,
                                    contract.middle_name, contract.birth_date, cohort)
            history(pupil, cohort, contract.specialty, contract.level, status="contract", done_items=4, sector=sector)
            Contract.objects.filter(pk=contract.pk).update(pupil=pupil)
        # Those who went only part of the way, in every past cohort that signed contracts.
        sample = contracts[0]
        for cohort in sorted(cohorts):
            for _ in range(rng.randint(12, 18)):
                last, first, middle = person(rng, female=rng.random() < 0.7)
                born = datetime.date(cohort - 17, rng.randint(1, 12), rng.randint(1, 28))
                outcome = rng.random()
                left = outcome < 0.15
                pupil = graduated_pupil(rng.choice(schools), last, first, middle, born, cohort,
                                        status="left" if left else "graduated")
                if outcome < 0.35:
                    status, done = None, 0  # identified only
                elif outcome < 0.6:
                    status, done = "declined", 1
                else:
                    status, done = "in_work", rng.randint(1, 3)
                history(pupil, cohort, sample.specialty, sample.level, status=status, done_items=done,
                        sector=rng.choice(["education", "education", "culture", "sport"]))
