"""The status history of applications; every application entered before it gets its first row: its current status
as of its submission date (the monitoring's past weeks read it as they read the application before)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    Application = apps.get_model("offers", "Application")
    Change = apps.get_model("offers", "ApplicationStatusChange")
    batch = []
    for pk, status, applied_on in Application.objects.order_by("pk").values_list("pk", "status", "applied_on") \
            .iterator(chunk_size=2000):
        batch.append(Change(application_id=pk, status=status, previous_status="", on=applied_on))
        if len(batch) >= 2000:
            Change.objects.bulk_create(batch)
            batch = []
    Change.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('offers', '0002_offer_monthly_payment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApplicationStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField(verbose_name='Дата')),
                ('status', models.CharField(choices=[('submitted', 'Подана'), ('withdrawn', 'Отозвана'), ('allowed', 'Допущен'), ('enrolled', 'Зачислен'), ('not_enrolled', 'Не зачислен')], max_length=14, verbose_name='Статус')),
                ('previous_status', models.CharField(blank=True, choices=[('submitted', 'Подана'), ('withdrawn', 'Отозвана'), ('allowed', 'Допущен'), ('enrolled', 'Зачислен'), ('not_enrolled', 'Не зачислен')], max_length=14, verbose_name='Прежний статус')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Внесено')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_history', to='offers.application', verbose_name='Заявка')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Кто изменил')),
            ],
            options={
                'verbose_name': 'Статус заявки на предложение',
                'verbose_name_plural': 'История статусов заявок на предложения',
                'ordering': ['application', 'on', 'id'],
                'indexes': [models.Index(fields=['application', 'on'], name='offers_app_status_on')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
