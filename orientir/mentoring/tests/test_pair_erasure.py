"""A pupil's consent withdrawal and their «студент – школьник» pairs, entry by entry: the pairs, goals and meetings
go; the pairs' log stays (who did what, when) without the pupil's name, goals and meetings; nothing else is touched
and the withdrawal's own entry counts what went."""

from orientir.core import audit
from orientir.core.models import AuditEntry
from orientir.pupils import services as pupil_services
from orientir.mentoring import services
from orientir.mentoring.models import Goal, Meeting, Pair

from .conftest import TODAY, make_mentor, make_pair, make_pupil

ERASED = ["удалено", "удалено"]


def test_the_pairs_log_keeps_who_and_when_but_not_the_pupil(pair_a, pupil_a, programme_a, school_a):
    services.goal_add(actor=None, pair=pair_a, text="Выбрать колледж")
    for topic in ("Экскурсия в колледж", "Разговор о профессии"):
        services.meeting_add(actor=None, pair=pair_a, data={"held_on": TODAY, "hours": 1, "topic": topic})
    audit.record(actor=None, action="mentoring.pair.noted", instance=pair_a,
                 changes={"Результат": [None, "Определилась"], "Причина": ["", "Переезд"], "Часы": [1, 2]})
    # an entry of another kind of record that happens to carry the same id
    stranger = audit.record(actor=None, action="mentoring.programme.updated", instance=programme_a,
                            changes={"Цель": ["Старая", "Новая"]})
    AuditEntry.objects.filter(pk=stranger.pk).update(object_id=str(pair_a.pk))
    other = make_pair(programme_a, make_mentor(school_a, "Другая"), make_pupil(school_a, "Другой"))
    services.goal_add(actor=None, pair=other, text="Остаётся")

    pupil_services.consent_withdraw(actor=None, pupil=pupil_a, on=TODAY, reason="Заявление")

    assert not Pair.objects.filter(pk=pair_a.pk).exists()
    assert list(Goal.objects.values_list("text", flat=True)) == ["Остаётся"] and not Meeting.objects.exists()
    entries = AuditEntry.objects.filter(object_id=str(pair_a.pk), action__startswith="mentoring.pair.")
    assert entries.count() == 6  # proposed, activated, goal, two meetings, the note
    for entry in entries:
        assert entry.object_repr == "Пара наставничества (удалена: отзыв согласия)", entry.action
    proposed = entries.get(action="mentoring.pair.proposed")
    assert proposed.changes["Наставляемый"] == ERASED
    assert proposed.changes["Программа"] == [None, programme_a.title]  # not the pupil's: kept
    assert entries.get(action="mentoring.pair.goal_added").changes == {"Цель": ERASED}
    assert [e.changes for e in entries.filter(action="mentoring.pair.meeting_added")] == [{"Встреча": ERASED}] * 2
    assert entries.get(action="mentoring.pair.noted").changes == {"Результат": ERASED, "Причина": ERASED,
                                                                  "Часы": [1, 2]}
    stranger.refresh_from_db()
    assert stranger.changes == {"Цель": ["Старая", "Новая"]} and stranger.object_repr == programme_a.title
    kept = AuditEntry.objects.get(object_id=str(other.pk), action="mentoring.pair.goal_added")
    assert kept.changes == {"Цель": [None, "Остаётся"]}
    withdrawal = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn").changes
    assert withdrawal["Пары наставничества"] == [1, 0]
    assert withdrawal["Встречи наставничества"] == [2, 0]
    assert withdrawal["Цели наставничества"] == [1, 0]


def test_a_pupil_without_pairs_erases_nothing(pupil_a, pair_b):
    assert services.erase_pupil_pairs(pupil_a) == {}
    assert Pair.objects.filter(pk=pair_b.pk).exists()


def test_the_eraser_counts_each_kind(pair_a, pupil_a):
    services.goal_add(actor=None, pair=pair_a, text="Первая")
    services.goal_add(actor=None, pair=pair_a, text="Вторая")
    assert services.erase_pupil_pairs(pupil_a) == {"Пары наставничества": 1, "Встречи наставничества": 0,
                                                   "Цели наставничества": 2}
