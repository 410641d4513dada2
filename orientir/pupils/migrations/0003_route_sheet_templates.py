"""Seed the typical route sheets of the three sectors (plan item 2.8.2).

Each item's month counts from September (1 — September … 10 — June); a pupil's sheet plans it on the
15th of that month of the school year. The templates are data: an administrator may change them later.
"""

from django.db import migrations

TEMPLATES = {
    "education": ("Типовой маршрутный лист: образование (педагогические специальности)", [
        ("consultation", "Индивидуальная консультация: выбор специальности, колледжа или вуза, условия целевого обучения", 1),
        ("career_event", "Профориентационное мероприятие «Профессия — педагог» (Дни открытых дверей колледжа и вуза)", 2),
        ("customer_meeting", "Встреча с руководителем организации-заказчика (школа, детский сад), знакомство с коллективом", 3),
        ("trial", "Профессиональная проба «Учитель», «Воспитатель» в организации-заказчике", 4),
        ("prep_course", "Подготовительные курсы по профильным предметам (ОГЭ/ЕГЭ)", 5),
        ("practice_day", "День практики: ассистент педагога на уроках и занятиях", 6),
        ("consultation", "Консультация с родителями: условия договора о целевом обучении, меры поддержки", 7),
        ("customer_meeting", "Встреча с организацией-заказчиком: согласование договора о целевом обучении", 8),
    ]),
    "culture": ("Типовой маршрутный лист: культура", [
        ("consultation", "Индивидуальная консультация: специальности культуры и искусства, условия целевого обучения", 1),
        ("career_event", "Профориентационное мероприятие в учреждении культуры (библиотека, музей, дом культуры)", 2),
        ("customer_meeting", "Встреча с руководителем учреждения культуры — организации-заказчика", 3),
        ("trial", "Профессиональная проба «Библиотекарь», «Экскурсовод», «Руководитель творческого коллектива»", 5),
        ("prep_course", "Подготовительные курсы и творческие консультации перед вступительными испытаниями", 6),
        ("practice_day", "День практики в учреждении культуры: подготовка и проведение мероприятия", 7),
        ("customer_meeting", "Встреча с организацией-заказчиком: согласование договора о целевом обучении", 8),
    ]),
    "sport": ("Типовой маршрутный лист: спорт и молодёжная политика", [
        ("consultation", "Индивидуальная консультация: специальности физической культуры и спорта, условия целевого обучения", 1),
        ("career_event", "Профориентационное мероприятие «Профессия — тренер» в спортивной школе", 2),
        ("customer_meeting", "Встреча с руководителем спортивной организации — организации-заказчика", 3),
        ("trial", "Профессиональная проба «Тренер-преподаватель», «Инструктор по спорту»", 5),
        ("prep_course", "Подготовительные курсы: профильные предметы и нормативы вступительных испытаний", 6),
        ("practice_day", "День практики: помощник тренера на учебно-тренировочном занятии", 7),
        ("consultation", "Консультация с родителями: условия договора о целевом обучении, меры поддержки", 8),
    ]),
}


def forwards(apps, schema_editor):
    Template = apps.get_model("guidance", "RouteSheetTemplate")
    Item = apps.get_model("guidance", "RouteSheetTemplateItem")
    for sector, (name, items) in TEMPLATES.items():
        if Template.objects.filter(sector=sector, name=name).exists():
            continue
        template = Template.objects.create(sector=sector, name=name, is_active=True)
        Item.objects.bulk_create([Item(template=template, kind=kind, title=title, month=month, order=n)
                                  for n, (kind, title, month) in enumerate(items, start=1)])


def backwards(apps, schema_editor):
    Template = apps.get_model("guidance", "RouteSheetTemplate")
    Template.objects.filter(name__in=[name for name, _ in TEMPLATES.values()]).delete()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0002_routesheettemplate_educationalroute_motivatedpupil_and_more")]
    operations = [migrations.RunPython(forwards, backwards)]
