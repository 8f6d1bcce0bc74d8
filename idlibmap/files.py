"""Reading inputs safely and writing outputs atomically: the one place the package touches files.

* :func:`read_input` reads a regular file with a hard size cap: a FIFO, a device (``/dev/zero``) or
  a folder is refused before anything is read, so no input can block or exhaust memory.
* :func:`write_atomically` writes a set of files as one change: each is staged under a temporary
  name in its folder and renamed into place only when all are staged; the final files get the
  usual permissions for the process's umask (0644 under umask 022), never mkstemp's 0600.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import IdlibmapError, OutputError

ErrorFactory = Callable[[str, Path], IdlibmapError]


def read_input(path: str | Path, limit: int, what: str, error: ErrorFactory) -> bytes:
    """The bytes of the regular file ``path``, refusing anything else or anything over ``limit`` bytes.

    ``what`` names the file in messages ("story file", "article"); ``error(message, path)`` makes
    the exception raised for every fault, so each caller keeps its own error type.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait; cleared again below for regular files.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as err:
        raise error(f"{what} not found", path) from err
    except IsADirectoryError as err:
        raise error(f"is a folder, not {_a(what)}", path) from err
    except PermissionError as err:
        raise error(f"{what} is not readable (permission denied)", path) from err
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the path
        raise error(f"cannot read {what}: {getattr(err, 'strerror', None) or err}", path) from err
    status = os.fstat(handle)
    mode = status.st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        if stat.S_ISDIR(mode):
            raise error(f"is a folder, not {_a(what)}", path)
        raise error(f"is not a regular file (a pipe, device or socket); give {_a(what)} on disk", path)
    os.set_blocking(handle, True)
    with os.fdopen(handle, "rb") as stream:
        try:
            data = stream.read(limit + 1)  # the size on disk is not trusted: read at most one byte too many
        except OSError as err:
            raise error(f"cannot read {what}: {err.strerror or err}", path) from err
    if len(data) > limit:
        raise error(f"{what} is {max(status.st_size, len(data)):,} bytes; the limit is {limit:,}", path)
    return data


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def file_mode() -> int:
    """Permissions for a new file under the process's umask (0o644 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(files: Mapping[Path, str | bytes]) -> None:
    """Write every file to a temporary name in its folder, then rename them all into place.

    Text is written as UTF-8 with \\n line ends, bytes as they are. A failure or an interrupt
    before the renames leaves earlier outputs untouched and no temporary file behind; a failure
    is an :class:`~idlibmap.errors.OutputError` naming the files.
    """
    mode = file_mode()
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temporary = Path(name)
            staged.append((temporary, path))
            os.fchmod(handle, mode)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        for temporary, path in staged:
            temporary.replace(path)
    except BaseException as err:  # an interrupt, too, must not leave temporary files behind
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if not isinstance(err, OSError):
            raise
        where = f" ({err.filename})" if err.filename else ""
        raise OutputError(f"cannot write output {', '.join(map(str, files))}: {err.strerror or err}{where}") from err
