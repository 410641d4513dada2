"""`make mutate`: mutmut (pinned, see the Makefile) with two adjustments for this project; docs/mutation.md.

Run it as mutmut itself: `python tools/mutate.py run --max-children 2`, `… results`, `… show NAME`, `… browse`.
The configuration is `[tool.mutmut]` of pyproject.toml; the two keys `orientir_*` there are read here, not by mutmut.

1. Decorated functions. mutmut leaves every decorated function alone, and the consent erasers are decorated
   (`@consent_eraser`, `@transaction.atomic`). The decorators named in `orientir_mutate_decorators` are let
   through: the trampoline keeps them (so the eraser is registered once, the withdrawal stays atomic) and the
   original and mutated copies behind it carry none (so no copy registers itself as another eraser).
   `orientir_only_functions` restricts a big module to the functions named there (the erasers of a service module).
2. The test database. Each mutant's tests run in a fresh forked process; pytest-django would migrate a new
   SQLite database there every time (15 s of the few seconds a mutant may take). Instead one migrated database is
   made per run and each process works on a copy of it (`CopiedTestDatabase`, a pytest plugin of the runs).
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import libcst as cst
import pytest
from mutmut.mutation import file_mutation
from mutmut.runners import harness

_SETTINGS = tomllib.loads(Path("pyproject.toml").read_text("utf-8")).get("tool", {}).get("mutmut", {})
ALLOWED_DECORATORS = set(_SETTINGS.get("orientir_mutate_decorators", []))
ONLY_FUNCTIONS = {path: set(names) for path, names in _SETTINGS.get("orientir_only_functions", {}).items()}
DB_DIR = Path("mutants", ".testdb").absolute()


# --- 1. Decorated functions --------------------------------------------------------------------------------------

def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _allowed_decorators(function: cst.FunctionDef) -> bool:
    return bool(function.decorators) and all(_dotted(d.decorator) in ALLOWED_DECORATORS for d in function.decorators)


_file = {"path": ""}  # the file being mutated (one at a time in each process)
_create_mutations = file_mutation.create_mutations
_skip_node_and_children = file_mutation.MutationVisitor._skip_node_and_children
_trampoline_arrangement = file_mutation.function_trampoline_arrangement


def create_mutations(filename, code, *args, **kwargs):
    _file["path"] = str(filename)
    return _create_mutations(filename, code, *args, **kwargs)


def skip_node_and_children(self, node: cst.CSTNode) -> bool:
    if isinstance(node, cst.FunctionDef):
        only = ONLY_FUNCTIONS.get(_file["path"])
        outer = self.get_metadata(file_mutation.OuterFunctionProvider, node, None)
        if only is not None and outer is node and node.name.value not in only:
            return True
        if _allowed_decorators(node):
            # mutmut's own rules for a function, less the one that skips every decorated function
            position = self.get_metadata(file_mutation.PositionProvider, node, None)
            if position and position.start.line in self._ignored_node_lines:
                self.ignored_functions.add(node.name.value)
                return True
            return node.name.value in file_mutation.NEVER_MUTATE_FUNCTION_NAMES
    return _skip_node_and_children(self, node)


def function_trampoline_arrangement(function: cst.FunctionDef, mutants, class_name):
    declarations, methods, assignments, names = _trampoline_arrangement(function, mutants, class_name)
    if _allowed_decorators(function):
        trampoline, *copies = methods
        methods = [trampoline, *(copy.with_changes(decorators=[]) for copy in copies)]
    return declarations, methods, assignments, names


file_mutation.create_mutations = create_mutations
file_mutation.MutationVisitor._skip_node_and_children = skip_node_and_children
file_mutation.function_trampoline_arrangement = function_trampoline_arrangement


# --- 2. The test database ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session", name="django_db_setup")
def _copied_database(django_test_environment, django_db_blocker):
    """Replaces pytest-django's `django_db_setup`: a copy of the run's migrated database for this process."""
    from django.conf import settings
    from django.db import connections
    from django.test.utils import setup_databases

    template = DB_DIR / "template.sqlite3"
    mine = DB_DIR / f"{os.getpid()}.sqlite3"
    with django_db_blocker.unblock():
        if not template.exists():  # the first session of the run (mutmut's own, before any fork) migrates it
            DB_DIR.mkdir(parents=True, exist_ok=True)
            building = DB_DIR / f"template-{os.getpid()}.sqlite3"
            settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(building)
            setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
            connections["default"].close()
            os.replace(building, template)
        shutil.copyfile(template, mine)
        connections["default"].close()
        for config in (settings.DATABASES["default"], connections["default"].settings_dict):
            config["NAME"] = str(mine)
    yield
    with django_db_blocker.unblock():
        connections["default"].close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{mine}{suffix}").unlink(missing_ok=True)


class CopiedTestDatabase:
    """pytest plugin of the mutmut runs. Registered once pytest-django is (its fixture must come later to win)."""

    def pytest_configure(self, config):
        fixtures = ModuleType("orientir_mutmut_db")  # pytest reads fixtures off a module (or a class), not an instance
        fixtures.django_db_setup = _copied_database
        config.pluginmanager.register(fixtures, "orientir-mutmut-db")


_execute_pytest = harness.PytestRunner.execute_pytest


def execute_pytest(self, params, **kwargs):
    kwargs["plugins"] = [*kwargs.get("plugins", []), CopiedTestDatabase()]
    return _execute_pytest(self, params, **kwargs)


harness.PytestRunner.execute_pytest = execute_pytest


# --- 3. A table per module ---------------------------------------------------------------------------------------

def summary() -> None:
    """Mutants per module by outcome, and the survivors (with `python tools/mutate.py show NAME` for each diff)."""
    from collections import Counter

    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    columns = ("killed", "survived", "no tests", "timeout", "not checked")
    print(f"{'module':<44}{'mutants':>8}" + "".join(f"{c:>12}" for c in columns) + f"{'killed %':>10}")
    survivors = []
    for path in sorted(walk_mutatable_files()):
        data = SourceFileMutationData(path=path)
        data.load()
        count = Counter(status_by_exit_code[code] for code in data.exit_code_by_key.values())
        total = sum(count.values())
        done = total - count["not checked"]
        rate = f"{100 * count['killed'] / done:.1f}" if done else "—"
        print(f"{str(path):<44}{total:>8}" + "".join(f"{count[c]:>12}" for c in columns) + f"{rate:>10}")
        survivors += [name for name, code in data.exit_code_by_key.items()
                      if status_by_exit_code[code] in ("survived", "no tests", "timeout", "suspicious")]
    Path("mutants", "survivors.txt").write_text("".join(f"{name}\n" for name in survivors))
    print(f"\n{len(survivors)} mutants not killed: mutants/survivors.txt; see one with `{sys.executable} "
          "tools/mutate.py show NAME`")


if __name__ == "__main__":
    from mutmut.__main__ import cli

    if sys.argv[1:2] == ["summary"]:
        sys.exit(summary())

    if sys.argv[1:2] == ["run"]:
        shutil.rmtree(DB_DIR, ignore_errors=True)  # migrations may have changed since the last run
    sys.exit(cli())
