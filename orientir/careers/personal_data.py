"""What career guidance keeps about a pupil and a parent (the inventory: orientir.core.personal_data)."""

from orientir.core.personal_data import CLEAR, DELETE, Holding, Read, register, register_reads

CONSENT = "Согласие законного представителя, с 18 лет — самого обучающегося (ст. 9 152-ФЗ)"

register(
    Holding("careers.RunParticipant", "pupil", "pupil", ("run", "enrolled_on"), CONSENT, DELETE),
    Holding("careers.SessionAttendance", "pupil", "participant__pupil", ("session",), CONSENT, DELETE,
            label="Посещение занятий программ"),
    Holding("careers.EventParticipant", "pupil", "pupil", ("event",), CONSENT, DELETE),
    # a consultation is the school's work with parents: it stays, without the pupil and the parent's name
    Holding("careers.ParentConsultation", "pupil", "pupil", ("pupil", "parent_name"), CONSENT, CLEAR,
            cleared=("pupil", "parent_name")),
    Holding("careers.PrepEnrolment", "pupil", "pupil", ("course", "enrolled_on"), CONSENT, DELETE,
            label="Зачисление на подготовительные курсы"),
    Holding("careers.PrepAttendance", "pupil", "enrolment__pupil", ("session",), CONSENT, DELETE,
            label="Посещение подготовительных курсов"),
    Holding("careers.ExamResult", "pupil", "pupil", ("subject", "kind", "score"), CONSENT, DELETE),
)

register_reads(
    Read("careers:parent_create", "Консультация родителей (выбор обучающегося)"),
    Read("careers:parent_edit", "Изменение консультации родителей", "careers.ParentConsultation"),
)
