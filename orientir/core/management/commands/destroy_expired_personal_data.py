"""Destruction of personal data whose purpose is reached, from the command line (decision 59): with --dry-run it
only says what is past its period and what destroying it would erase; without, it destroys on behalf of the named
administrator and writes the act (the same service as the page's «Уничтожить и составить акт»)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from orientir.core import personal_data, retention, retention_act
from orientir.core.errors import DomainError


class Command(BaseCommand):
    help = "Уничтожает персональные данные, срок хранения которых истёк (цель обработки достигнута), и составляет акт."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="только показать, что будет уничтожено")
        parser.add_argument("--subject", choices=sorted(personal_data.RETENTION), help="одна категория (по умолчанию все)")
        parser.add_argument("--actor", help="логин администратора, от имени которого уничтожаются сведения")
        parser.add_argument("--commission", default="", help="члены комиссии через «;», первым — председатель")
        parser.add_argument("--date", help="дата, на которую считать сроки (ГГГГ-ММ-ДД; по умолчанию сегодня)")
        parser.add_argument("--act-dir", help="куда сохранить акты (DOCX)")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        actor = None
        if not options["dry_run"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(username=options["actor"] or "", role="admin", is_active=True).first()
            if actor is None:
                raise CommandError("Укажите --actor: логин действующего администратора (уничтожение подтверждает он).")
        subjects = [options["subject"]] if options["subject"] else [r.subject for r in personal_data.retentions()]
        for subject in subjects:
            rule = retention.rule(subject)
            records = retention.due(subject, today, actor)
            count = records.count()
            self.stdout.write(f"{rule.title} — срок хранения {rule.period}: истёк у {count}.")
            for label, rows in retention.preview(subject, records):
                self.stdout.write(f"  {label}: {rows}")
            if options["dry_run"] or not count:
                continue
            try:
                act = retention.destroy_due(actor=actor, subject=subject, today=today,
                                            commission="\n".join(m.strip() for m in options["commission"].split(";")))
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"  Уничтожено. Акт № {act.number} от {act.made_on:%d.%m.%Y}.")
            if options["act_dir"]:
                path = Path(options["act_dir"]) / retention_act.filename(act)
                path.write_bytes(retention_act.to_docx(act))
                self.stdout.write(f"  Акт сохранён: {path}")
        if options["dry_run"]:
            self.stdout.write("Пробный запуск: ничего не уничтожено.")
