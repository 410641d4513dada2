"""Pages of the plan that name pupils (the inventory: orientir.core.personal_data)."""

from orientir.core.personal_data import Read, register_reads

register_reads(
    Read("plan:my_tasks", "Мои задачи (сроки по обучающимся и договорам)"),
)
