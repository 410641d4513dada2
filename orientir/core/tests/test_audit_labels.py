"""The log speaks Russian: every action has a Russian name, every stored key a Russian label, and the code of an
action is shown only to an administrator (as a tooltip)."""

import re
from pathlib import Path

from django.urls import reverse

from orientir.core import audit
from orientir.core.models import AuditEntry
from orientir.core.templatetags.orientir import change_rows
from orientir.pupils.models import Pupil

ROOT = Path(__file__).resolve().parents[2]


def test_every_action_written_in_the_code_has_a_russian_name():
    actions = set()
    for path in ROOT.rglob("*.py"):
        if "/tests/" in str(path) or "/migrations/" in str(path):
            continue
        actions |= set(re.findall(r'action="([a-z_]+(?:\.[a-z_]+)+)"', path.read_text(encoding="utf-8")))
    assert len(actions) > 50
    unnamed = sorted(a for a in actions if audit.action_label(a) == a)
    assert not unnamed, f"actions without a Russian name: {unnamed}"


def test_a_key_of_another_model_of_the_app_is_shown_by_its_russian_label(school_a, personas):
    pupil = Pupil.objects.create(organisation=school_a, last_name="Ключева", first_name="Анна")
    entry = audit.record(actor=None, action="guidance.route.created", instance=pupil,
                         changes={"goals": [None, "Поступить в КГУ"], "steps": [None, "ЕГЭ"]})
    labels = [label for label, _, _ in change_rows(entry)]
    assert "goals" not in labels and "steps" not in labels
    assert all(re.search("[а-яё]", label, re.I) for label in labels), labels


def test_the_log_shows_codes_only_to_the_administrator(school_a, personas, client_for):
    pupil = Pupil.objects.create(organisation=school_a, last_name="Кодова", first_name="Анна")
    audit.record(actor=personas["committee"], action="guidance.pupil.viewed", instance=pupil)
    committee = client_for(personas["committee"]).get(reverse("core:audit_log")).content.decode()
    assert "Просмотр персональных данных" in committee and "guidance.pupil.viewed" not in committee
    admin = client_for(personas["admin"]).get(reverse("core:audit_log")).content.decode()
    assert 'title="guidance.pupil.viewed"' in admin
    assert AuditEntry.objects.filter(action="guidance.pupil.viewed").exists()
