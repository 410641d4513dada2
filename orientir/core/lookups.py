"""`field__fold_contains=q`: contains, ignoring case and treating «ё» as «е», on SQLite and PostgreSQL alike.

SQLite's LOWER() folds only ASCII, so Cyrillic search there would be case-sensitive; a Python
function registered on each SQLite connection does the folding the same way as normalize_search.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from .text import normalize_search


@receiver(connection_created)
def _register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("orientir_fold", 1, normalize_search, deterministic=True)


class FoldContains(models.Lookup):
    lookup_name = "fold_contains"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = "%" + normalize_search(str(self.rhs)).replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        if connection.vendor == "sqlite":
            return f"orientir_fold({lhs}) LIKE %s ESCAPE '\\'", [*lhs_params, pattern]
        return f"TRANSLATE(LOWER({lhs}), 'ё', 'е') LIKE %s", [*lhs_params, pattern]


models.CharField.register_lookup(FoldContains)
models.TextField.register_lookup(FoldContains)
models.EmailField.register_lookup(FoldContains)
