"""Build step: compile the geoparser's hot modules to C with mypyc (see ``idlibmap/geoparse/compiled.py``).

Everything else about the package is in ``pyproject.toml``. With ``IDLIBMAP_PURE_PYTHON=1`` set, or where a
module fails to compile (no C compiler), the package installs as plain Python and runs the same source.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

from setuptools import setup
from setuptools.extension import Extension

ROOT = Path(__file__).parent
COMPILED = runpy.run_path(str(ROOT / "idlibmap" / "geoparse" / "compiled.py"))
PACKAGE_DIR = ROOT / "idlibmap" / "geoparse"


def compiled_extensions() -> list[Extension]:
    """The mypyc extensions of the geoparser's group, and the digest of the sources they are built from."""
    if COMPILED["pure_python_asked"](os.environ):
        # an editable install compiled before keeps its build beside the sources: remove it
        for built in COMPILED["built_files"](PACKAGE_DIR).values():
            built.unlink()
        (PACKAGE_DIR / COMPILED["DIGEST_FILE"]).unlink(missing_ok=True)
        return []
    (PACKAGE_DIR / COMPILED["DIGEST_FILE"]).write_text(COMPILED["digest_lines"](PACKAGE_DIR), encoding="utf-8")
    sources = [f"idlibmap/geoparse/{name}.py" for name in COMPILED["MODULES"]]
    # The project's own mypy settings (strict, the whole package) are for checking it; the build environment
    # holds none of its dependencies, so the compile reads only these modules, other imports as untyped.
    options = ["--config-file=", "--ignore-missing-imports", "--follow-imports=silent"]
    try:
        from mypyc.build import mypycify  # the build requirement; absent only with --no-build-isolation

        extensions = mypycify([*options, *sources], group_name=COMPILED["GROUP"])
    except (Exception, SystemExit) as error:  # mypyc exits on a type error it cannot compile past
        print(f"setup.py: mypyc could not compile the geoparser ({error}); installing its Python source",
              file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # a compiler error leaves the Python source in use, with setuptools' warning
    return extensions


setup(ext_modules=compiled_extensions())
