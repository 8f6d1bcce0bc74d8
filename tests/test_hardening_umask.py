"""Every file a build writes gets the usual permissions for the umask, and only idlibmap.files writes files."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import stat

import pytest

from idlibmap.cli import main

from .conftest import DEFAULT_STORY, ROOT

PACKAGE = ROOT / "idlibmap"
# Calls that create or write files. The one module allowed to make them is idlibmap/files.py; the
# gazetteer has SQLite write its index into a temporary file it sets to the umask's mode, and the
# static renderer's savefig writes into a BytesIO buffer.
WRITERS = {"write_text", "write_bytes", "mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "savefig",
           "to_file", "mknod", "copyfile", "copy2", "copytree", "symlink_to", "hardlink_to", "touch"}
ALLOWED = {PACKAGE / "files.py": WRITERS | {"open"}, PACKAGE / "gazetteer.py": {"mkstemp"},
           PACKAGE / "render" / "static" / "export.py": {"savefig"}}


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700),
                                                                  (0o027, 0o640, 0o750)])
def test_every_output_honours_the_umask(tmp_path, gazetteer, umask, file_mode, folder_mode):
    out = tmp_path / "new" / "m.html"
    old = os.umask(umask)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", "--story", str(DEFAULT_STORY), "--out", str(out), "--format",
                         "html,geojson,png,svg,pdf", "--dpi", "30", "--embed"])
    finally:
        os.umask(old)
    assert code == 0
    written = sorted(out.parent.iterdir())
    assert [p.name for p in written] == sorted(["m.html", "m.geojson", "m.png", "m.svg", "m.pdf", "m.alt.txt",
                                                "m.embed.html"])
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {oct(file_mode)}
    assert oct(stat.S_IMODE(out.parent.stat().st_mode)) == oct(folder_mode)


_WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"}


def _writing_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in WRITERS:
            found.append((node.lineno, name))
            continue
        modes = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "mode")]
        if name == "open" and any(isinstance(m, ast.Constant) and set(str(m.value)) & set("wax+") for m in modes):
            found.append((node.lineno, "open for writing"))
        elif name == "open" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                and node.func.value.id == "os" and node.args[1:2] and _WRITE_FLAGS & {
                    n.attr for n in ast.walk(node.args[1]) if isinstance(n, ast.Attribute)}:
            found.append((node.lineno, "os.open"))
    return found


def test_no_module_but_files_writes_files():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, name in _writing_calls(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split()[0].removeprefix("os.") not in ALLOWED.get(path, set()):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offenders == []


def test_the_scan_finds_writers():
    calls = _writing_calls(ast.parse("open(p, 'w')\nPath(p).write_text('x')\nos.open(p, os.O_RDWR | os.O_CREAT)\n"
                                     "open(p)\nos.open(p, os.O_RDONLY)\n"))
    assert [name for _, name in calls] == ["open for writing", "write_text", "os.open"]
