"""The seeded liability rules named the federal act and asked to «уточните реквизиты» of the municipal one: that
request printed into contracts. The federal act is kept as the reference; a municipality with its own act enters it
in «Правила ответственности», and a reference with a placeholder left in refuses the document."""

from django.db import migrations

FEDERAL = {
    "pp555": "Положение о порядке и условиях заключения и расторжения договора о целевом обучении по образовательной "
             "программе среднего профессионального или высшего образования, утверждённое постановлением "
             "Правительства Российской Федерации от 27.04.2024 № 555",
    "pp1681": "Положение о целевом обучении по образовательным программам среднего профессионального и высшего "
              "образования, утверждённое постановлением Правительства Российской Федерации от 13.10.2020 № 1681",
}


def forwards(apps, schema_editor):
    LiabilityRule = apps.get_model("contracts", "LiabilityRule")
    for rule in LiabilityRule.objects.filter(act_reference__icontains="уточните"):
        rule.act_reference = FEDERAL.get(rule.regime, rule.act_reference.split(",")[0].strip())
        rule.save(update_fields=["act_reference"])


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_consent_annulment")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
