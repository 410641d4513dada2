"""The gate reads no clock: rights and scopes are not dated, so a refusal is the same on every day of the year.

The permission matrices lean on this on the other days of `make test-dates` (matrix_kit.DATE_RUN): there they ask
only roles let through (the widest and the narrowest of them), whose pages compute their own dates. Should a scope
ever depend on the date (a tutor seeing only this school year's pupils, say), this test fails first and the matrices
must ask every role again.
"""

import ast
import pathlib

import orientir

ROOT = pathlib.Path(orientir.__file__).parent
CLOCK = {"now", "today", "localdate", "localtime", "time", "monotonic"}


def _gate_modules() -> list[pathlib.Path]:
    found = [ROOT / "accounts" / "access.py", ROOT / "core" / "permissions.py", ROOT / "directory" / "scope.py"]
    found += sorted(ROOT.glob("*/scopes.py"))
    return [path for path in found if path.exists()]


def _clock_reads(path: pathlib.Path) -> list[str]:
    reads = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in CLOCK:
                reads.append(f"{path.name}:{node.lineno} {name}()" if ROOT not in path.parents
                             else f"{path.relative_to(ROOT.parent)}:{node.lineno} {name}()")
    return reads


def test_the_gate_modules_are_found():
    names = {path.name for path in _gate_modules()}
    assert {"access.py", "scopes.py"} <= names and len(_gate_modules()) >= 8


def test_no_right_or_scope_reads_the_clock():
    reads = [read for path in _gate_modules() for read in _clock_reads(path)]
    assert not reads, "the gate reads the clock, so the matrices must ask every role on every day:\n" + "\n".join(reads)


def test_the_check_sees_a_clock_read(tmp_path):
    seeded = tmp_path / "scopes.py"
    seeded.write_text("from django.utils import timezone\n\n\ndef f(qs):\n    return qs.filter(on=timezone.localdate())\n")
    assert _clock_reads(seeded) == ["scopes.py:5 localdate()"]
