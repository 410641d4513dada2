"""What the students' registry keeps about a contracted student or graduate (the inventory:
orientir.core.personal_data)."""

from orientir.core.personal_data import KEEP, Holding, Read, register, register_reads

CONTRACT = "Договор о целевом обучении (п. 5 ч. 1 ст. 6 152-ФЗ); мониторинг по ПП РФ № 555"
KEPT = "исполнение договора и мониторинг: хранится весь срок договора и срок хранения документов по нему"

register(*(Holding(f"students.{model}", "contract", "contract", fields, CONTRACT, KEEP, why_kept=KEPT)
           for model, fields in (
               ("AdmissionRecord", ("status", "education_organisation", "note")),
               ("StudyRecord", ("status", "average_mark", "note")),
               ("SupportActivity", ("title", "result")),
               ("Placement", ("practice_kind", "supervisor", "grade", "result")),
               ("PaymentPlan", ("month", "amount")),
               ("Payment", ("month", "amount", "paid_on", "document")),
               ("Employment", ("organisation", "position", "started_on", "order_number", "dismissed_on",
                               "dismissal_reason")))))

register_reads(
    Read("students:student_list", "Студенты-целевики"),
    Read("students:plans", "Планы сопровождения студентов"),
    Read("students:alerts", "Студенты: требуют внимания"),
)
