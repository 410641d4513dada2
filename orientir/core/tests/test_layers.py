"""Only downward arrows (docs/decisions.md, record 61): no module imports from a layer above its own app's.

The layers are import-linter's contract in pyproject.toml (`.venv/bin/lint-imports` checks the same by hand). Every
import counts, a lazy one inside a function too; tests are not held to it (they exercise the assembled system).
"""

import copy

import grimp
import pytest
from django.conf import settings
from importlinter import configuration
from importlinter.application import use_cases
from importlinter.contracts.layers import LayersContract

pytestmark = pytest.mark.dateless


@pytest.fixture(scope="module")
def layers():
    configuration.configure()
    options = use_cases.read_user_options(str(settings.BASE_DIR / "pyproject.toml"))
    (raw,) = [c for c in options.contracts_options if c.get("id") == "layers"]
    contract = LayersContract(name=raw["name"], session_options=options.session_options, contract_options=raw)
    return contract, grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)


def _arrows_up(check) -> list[str]:
    """`lower -> higher` and the imports that make it, one line each, as lint-imports reports them."""
    lines = []
    for dependency in check.metadata["invalid_dependencies"]:
        lines.append(f"{dependency['importer']} imports {dependency['imported']}, a layer above it:")
        for route in dependency["routes"]:
            lines.append("  " + " -> ".join([route["chain"][0]["importer"]]
                                            + [f"{link['imported']} (l.{link['line_numbers'][0]})"
                                               for link in route["chain"]]))
    lines += [f"{module} is in no layer" for module in sorted(check.metadata["undeclared_modules"])]
    return lines


def test_no_import_runs_up_a_layer(layers):
    contract, graph = layers
    check = contract.check(copy.deepcopy(graph), verbose=False)
    assert check.kept, "\n".join(["Imports that run up (decision 61):", *_arrows_up(check)])


@pytest.mark.parametrize("importer, imported", [
    ("orientir.core.timeline", "orientir.contracts.models"),  # core asking a domain app
    ("orientir.accounts.access", "orientir.pupils.models"),  # the gate knowing a domain model
    ("orientir.directory.selectors", "orientir.accounts.access"),  # the directory asking the gate above it
    ("orientir.pupils.views", "orientir.site.views"),  # a domain app reaching the top
])
def test_an_upward_import_breaks_the_contract(layers, importer, imported):
    contract, graph = layers
    seeded = copy.deepcopy(graph)
    seeded.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    check = contract.check(seeded, verbose=False)
    assert not check.kept
    assert any(importer in line and imported in line for line in _arrows_up(check))


def test_a_new_app_must_take_a_place_in_the_layers(layers):
    contract, graph = layers
    seeded = copy.deepcopy(graph)
    seeded.add_module("orientir.newcomer")
    check = contract.check(seeded, verbose=False)
    assert not check.kept and "orientir.newcomer is in no layer" in _arrows_up(check)
