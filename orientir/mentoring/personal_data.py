"""What mentoring keeps about a pupil, a contracted student or young specialist and a mentor
(the inventory: orientir.core.personal_data)."""

from orientir.core.personal_data import CLEAR, DELETE, KEEP, Holding, Read, Subject, register, register_reads, register_subject

CONSENT = "Согласие законного представителя, с 18 лет — самого обучающегося (ст. 9 152-ФЗ)"
CONTRACT = "Договор о целевом обучении (п. 5 ч. 1 ст. 6 152-ФЗ)"
CONTRACT_KEPT = "сопровождение по договору: хранится весь срок договора и срок хранения документов по нему"
MENTOR = "Согласие наставника, полученное организацией-работодателем (ст. 9 152-ФЗ); трудовые отношения"
MENTOR_KEPT = "отчётность по наставничеству (пп. 2.6, 3.2 плана); удаляется вместе с записью наставника"

register_subject(Subject("mentor", "mentoring.Mentor", "Наставник"))
register(
    Holding("mentoring.Pair", "pupil", "pupil", ("pupil", "outcome", "match_reasons", "cancel_reason"), CONSENT,
            DELETE),
    Holding("mentoring.PairEvent", "pupil", "pair__pupil", ("reason",), CONSENT, DELETE),
    Holding("mentoring.Goal", "pupil", "pair__pupil", ("text", "due_on", "achieved_on"), CONSENT, DELETE),
    Holding("mentoring.Meeting", "pupil", "pair__pupil", ("held_on", "topic", "notes"), CONSENT, DELETE),
    # the mentor stays (its own subject); destruction of the contract only unlinks it
    Holding("mentoring.Mentor", "contract", "contract", ("contract",), CONTRACT, KEEP, why_kept=CONTRACT_KEPT,
            cleared=("contract",), on_destruction=CLEAR),
    Holding("mentoring.Pair", "contract", "contract", ("contract", "outcome", "match_reasons"), CONTRACT, KEEP,
            why_kept=CONTRACT_KEPT),
    Holding("mentoring.PairEvent", "contract", "pair__contract", ("reason",), CONTRACT, KEEP,
            why_kept=CONTRACT_KEPT),
    Holding("mentoring.Goal", "contract", "pair__contract", ("text",), CONTRACT, KEEP, why_kept=CONTRACT_KEPT),
    Holding("mentoring.Meeting", "contract", "pair__contract", ("topic", "notes"), CONTRACT, KEEP,
            why_kept=CONTRACT_KEPT),
    Holding("mentoring.Mentor", "mentor", "", ("last_name", "first_name", "middle_name", "position",
                                              "education_organisation", "phone", "email"), MENTOR, KEEP,
            why_kept=MENTOR_KEPT),
    Holding("mentoring.Pair", "mentor", "mentor", ("mentor",), MENTOR, KEEP, why_kept=MENTOR_KEPT),
    Holding("mentoring.PairEvent", "mentor", "pair__mentor", ("reason",), MENTOR, KEEP, why_kept=MENTOR_KEPT),
    Holding("mentoring.Goal", "mentor", "pair__mentor", ("text",), MENTOR, KEEP, why_kept=MENTOR_KEPT),
    Holding("mentoring.Meeting", "mentor", "pair__mentor", ("topic", "notes"), MENTOR, KEEP, why_kept=MENTOR_KEPT),
)

register_reads(
    Read("mentoring:programme_detail", "Программа наставничества: пары", "mentoring.Programme"),
    Read("mentoring:mentor_create", "Внесение наставника (выбор из договоров)"),
    Read("mentoring:mentor_edit", "Изменение наставника", "mentoring.Mentor"),
    Read("mentoring:mentor_detail", "Карточка наставника: пары", "mentoring.Mentor"),
    Read("mentoring:pair_list", "Пары наставничества"),
    Read("mentoring:pair_detail", "Пара наставничества", "mentoring.Pair"),
)
