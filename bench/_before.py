"""The import as it was at a git revision, beside the working tree's in the same process, for a before/after run.

`load("dbfab3a")` reads the engine's modules and the pupil importer from that revision (`git show`), executes them as
modules of their own and returns the old `orientir.pupils.importer`; its functions see only the old engine, bulk
writer and normalisation, while the working tree's modules stay what `import` gives. Both write to the same
database tables (no migration may lie between the two revisions)."""

import subprocess
import sys
import types

from _setup import ROOT

# in the order they import each other
MODULES = ["orientir.core.imports.normalize", "orientir.core.imports.engine", "orientir.core.imports.bulk",
           "orientir.pupils.importer"]


def load(revision: str) -> types.ModuleType:
    import orientir.pupils.importer  # noqa: F401 - the working tree's modules first: they are put back after

    saved = {name: sys.modules[name] for name in MODULES}
    try:
        for name in MODULES:
            parent, _, short = name.rpartition(".")
            path = name.replace(".", "/") + ".py"
            source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{path}"], capture_output=True,
                                    text=True, check=True).stdout
            module = types.ModuleType(name)
            module.__file__, module.__package__ = f"{revision}:{path}", parent
            sys.modules[name] = module
            setattr(sys.modules[parent], short, module)  # `from . import x` in the next old module finds it
            exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - our own history
        return sys.modules["orientir.pupils.importer"]
    finally:
        for name, module in saved.items():
            parent, _, short = name.rpartition(".")
            sys.modules[name] = module
            setattr(sys.modules[parent], short, module)
        from orientir.core.imports.page import register

        register(saved["orientir.pupils.importer"].SPEC)  # the old module registered its own on import
