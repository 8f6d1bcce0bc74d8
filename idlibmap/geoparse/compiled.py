"""The geoparser's hot modules are compiled to C by mypyc when the package is installed (``setup.py``); this
module says which, and runs their Python source instead where the compiled build cannot be trusted.

The compiled build runs about 30% fewer instructions an article than the source (cachegrind, synthetic
feed). It is the same code: mypyc compiles the annotated modules as written, and the tests run on
whichever is in use. The source runs instead when:

- ``IDLIBMAP_PURE_PYTHON=1`` is set (also honoured by ``setup.py``: nothing is compiled);
- a source file differs from the one compiled (an editable install edited since ``pip install -e .``): the
  build would run the old code, so the source runs, with a warning saying how to rebuild;
- the build is incomplete (a compiler error left some modules out).

This file imports nothing outside the standard library: ``setup.py`` reads it before the package exists.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = "idlibmap.geoparse"
# The modules compiled, one group: they call each other directly in C, so they are used all together or not at all.
MODULES = ("lookups", "tokens", "borders", "resolve", "parse")
GROUP = f"{PACKAGE}.compiled_group"  # the shared library mypyc builds for them is named after it:
GROUP_LIBRARY = "compiled_group__mypyc"  # compiled_group__mypyc.cpython-311-x86_64-linux-gnu.so, say
DIGEST_FILE = "compiled_sources.txt"  # written by setup.py: the SHA-256 of each source as compiled
PURE_PYTHON_VARIABLE = "IDLIBMAP_PURE_PYTHON"
HERE = Path(__file__).parent


def source_digest(path: Path) -> str:
    """The SHA-256 of a source file, as ``setup.py`` records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest_lines(folder: Path) -> str:
    """The digest file's text for the sources in ``folder``: ``<sha256>  <module>.py`` a line."""
    return "".join(f"{source_digest(folder / f'{name}.py')}  {name}.py\n" for name in MODULES)


def changed_sources(folder: Path, recorded: str) -> list[str]:
    """The sources in ``folder`` whose digest differs from the ``recorded`` digest file's (all if it is empty)."""
    digests = {name: digest for digest, _, name in (line.partition("  ") for line in recorded.splitlines())}
    return [f"{name}.py" for name in MODULES if digests.get(f"{name}.py") != source_digest(folder / f"{name}.py")]


def built_files(folder: Path) -> dict[str, Path]:
    """The compiled files present in ``folder``, by module name (the group's library under its own name)."""
    found = {}
    for name in (*MODULES, GROUP_LIBRARY):
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            if (folder / f"{name}{suffix}").exists():
                found[name] = folder / f"{name}{suffix}"
    return found


Environ = dict[str, str] | os._Environ[str]


def pure_python_asked(environ: Environ) -> bool:
    """Whether ``IDLIBMAP_PURE_PYTHON`` asks for the source (any value but empty or 0)."""
    return environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0")


def reason_for_source(folder: Path, environ: Environ) -> str | None:
    """Why the source must run although compiled modules are present (``None``: the build is good, or absent)."""
    built = built_files(folder)
    if not built:
        return None
    if pure_python_asked(environ):
        return ""  # asked for: no warning
    if len(built) < len(MODULES) + 1:
        return "the compiled geoparser is incomplete (a module failed to compile)"
    digest = folder / DIGEST_FILE
    changed = changed_sources(folder, digest.read_text(encoding="utf-8") if digest.exists() else "")
    if changed:
        return f"{', '.join(changed)} changed since the geoparser was compiled"
    return None


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' ``.py`` sources ahead of their extension files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, self.folder / f"{name}.py")


def choose_build() -> None:
    """Run the compiled modules, or (see the module's docstring) their source (:func:`in_use` says which).
    Called by the package before it imports any of them."""
    reason = reason_for_source(HERE, os.environ)
    if reason is None:
        return
    if reason:
        warnings.warn(f"idlibmap: {reason}; running the Python source, slower. "
                      f"`pip install -e .` compiles it again.", RuntimeWarning, stacklevel=2)
    if not any(isinstance(finder, _SourceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder(HERE))


def in_use() -> bool:
    """Whether the geoparser runs compiled (for benchmarks and tests)."""
    module = sys.modules.get(f"{PACKAGE}.tokens")
    return module is not None and not (module.__file__ or "").endswith(".py")


def build_in_use() -> str:
    """Which geoparser runs, in words (for benchmarks): compiled, or the Python source and why."""
    if in_use():
        return "compiled by mypyc at install"
    reason = reason_for_source(HERE, os.environ)
    if reason == "":
        reason = f"{PURE_PYTHON_VARIABLE} is set"
    return f"Python source ({reason or 'not compiled at install'})"
