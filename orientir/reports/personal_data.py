"""Pages of the reports app that list people by name (the inventory: orientir.core.personal_data)."""

from orientir.core.personal_data import Read, register_reads

register_reads(
    Read("reports:funnel_people", "Воронка: люди на этапе"),
)
