from django.db import migrations

RULES = [
    ("pp555", "1.000", "Возмещение расходов на меры поддержки в полном объёме; штраф — в размере выплаченных "
                       "мер поддержки (кратность 1), если иное не установлено муниципальным актом.",
     "Положение о целевом обучении (ПП РФ № 555), муниципальный акт о порядке возмещения — уточните реквизиты"),
    ("pp1681", "1.000", "Возмещение расходов на меры поддержки; штраф — в размере выплаченных мер поддержки.",
     "Положение о целевом обучении (ПП РФ № 1681), муниципальный акт — уточните реквизиты"),
    ("pp302", "0.000", "Возмещение расходов на меры поддержки; штраф не предусмотрен.",
     "Положение о целевом обучении (ПП РФ № 302)"),
    ("pp1076", "0.000", "Возмещение расходов на меры поддержки; штраф не предусмотрен.",
     "Правила заключения и расторжения договора о целевом обучении (ПП РФ № 1076)"),
]


def forwards(apps, schema_editor):
    LiabilityRule = apps.get_model("contracts", "LiabilityRule")
    for regime, multiplier, text, act in RULES:
        LiabilityRule.objects.get_or_create(regime=regime, defaults={"fine_multiplier": multiplier,
                                                                     "rule_text": text, "act_reference": act})


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_contract_academic_requirements_contract_address_and_more")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
