"""Reading inputs safely and writing outputs atomically: the one place the package touches files.

* :func:`read_input` reads a regular file with a hard size cap: a FIFO, a device (``/dev/zero``) or
  a folder is refused before anything is read, so no input can block or exhaust memory.
* :func:`write_atomically` writes a set of files as one change (a map, its GeoJSON, images, alt
  text, embed snippet and the geocoding lock file): nothing lost, nothing mixed. While it writes it
  holds a lock in each folder it writes to, so two builds into one folder take turns; each file is
  staged under a temporary name (``.<name>.<random>.idlibmap.tmp``) and renamed into place only
  when all are staged, and a failure part-way through the renames puts the earlier files back.
  SIGINT, SIGTERM and SIGHUP clean up before they take effect, and temporary files a killed build
  left behind are removed by the next one. The files get the usual permissions for the process's
  umask (0644 under umask 022), never mkstemp's 0600.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from .errors import IdlibmapError, OutputError
from .interrupts import SignalGuard, Signalled

log = logging.getLogger(__name__)

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


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same inode if both exist, else the same path once resolved."""
    try:
        return first.samefile(second)
    except (OSError, ValueError):
        pass
    try:
        return first.resolve() == second.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return first.absolute() == second.absolute()


LOCK_NAME = ".idlibmap-write.lock"
TEMPORARY_SUFFIX = ".idlibmap.tmp"
BACKUP_SUFFIX = ".idlibmap.bak"
# ``.<name>.<8 random characters>`` and one of the suffixes above: mkstemp's names, and nothing else.
_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}(?:" + re.escape(TEMPORARY_SUFFIX) + "|" + re.escape(BACKUP_SUFFIX) + ")")


def write_atomically(files: Mapping[Path, str | bytes]) -> None:
    """Write every file as one change: all the new contents, or (after any failure) all the old ones.

    Text is written as UTF-8 with \\n line ends, bytes as they are. A failure is an
    :class:`~idlibmap.errors.OutputError` naming the files; an interrupt, too, leaves the earlier
    files as they were and no temporary file behind.
    """
    if not files:
        return
    mode = file_mode()
    try:
        with SignalGuard() as guard, _folder_locks({path.parent for path in files}):
            staged: list[tuple[Path, Path]] = []
            try:
                for path, content in files.items():
                    with guard.deferred():  # no temporary file is ever made without being on record
                        staged.append((_temporary_beside(path, mode), path))
                    _fill(staged[-1][0], content)
                guard.hold()  # from here the change completes or is undone; signals wait for its end
                _commit(staged)
            finally:
                for temporary, _ in staged:
                    temporary.unlink(missing_ok=True)
    except Signalled as err:  # the process's own handler for the signal neither ended it nor raised
        raise OutputError(f"writing {', '.join(map(str, files))} was {err}; the earlier files are as they were") \
            from err
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise OutputError(f"cannot write output {', '.join(map(str, files))}: {err.strerror or err}{where}") from err


def _temporary_beside(path: Path, mode: int) -> Path:
    """A new empty file beside ``path`` named ``.<name>.<random>.idlibmap.tmp``, with the umask's mode."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        os.fchmod(handle, mode)
    finally:
        os.close(handle)
    return Path(name)


def _fill(temporary: Path, content: str | bytes) -> None:
    """Write ``content`` to the staged file and flush it to disk, so it is whole before it is renamed."""
    with temporary.open("r+b") as stream:
        stream.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())


def _commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged file into place; if one rename fails, put back the files already replaced.

    Each file about to be replaced is first hard-linked to a backup name, so putting it back is one
    rename too. The backups are removed once the change is complete or undone.
    """
    done: list[tuple[Path, Path | None]] = []
    kept: set[Path] = set()  # backups that could not be put back stay, named in a warning
    try:
        for temporary, path in staged:
            backup = _keep_old(path, _backup_of(temporary))
            temporary.replace(path)
            done.append((path, backup))
    except BaseException:
        for path, backup in reversed(done):
            if not _undo(path, backup) and backup is not None:
                kept.add(backup)
        raise
    finally:
        for temporary, _ in staged:
            if _backup_of(temporary) not in kept:
                _backup_of(temporary).unlink(missing_ok=True)


def _keep_old(path: Path, backup: Path) -> Path | None:
    """Keep the file at ``path`` as ``backup`` until the change is complete; None for a new file."""
    try:
        os.link(path, backup, follow_symlinks=False)
    except FileNotFoundError:
        return None  # a new file: undoing it is removing it
    except OSError:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(path)) from None
        shutil.copy2(path, backup, follow_symlinks=False)  # a file system without hard links: a copy
    return backup


def _backup_of(temporary: Path) -> Path:
    """Where the file a staged one replaces is kept until the change is complete: ``.<name>.<random>.idlibmap.bak``."""
    return temporary.with_name(temporary.name[: -len(TEMPORARY_SUFFIX)] + BACKUP_SUFFIX)


def _undo(path: Path, backup: Path | None) -> bool:
    """Put back the file ``path`` held before the change; False (with a warning) if that failed."""
    try:
        if backup is None:
            path.unlink(missing_ok=True)
        else:
            backup.replace(path)
    except OSError as err:
        kept = f"; it is kept as {backup}" if backup is not None else ""
        log.warning(f"could not put back the earlier {path}: {err.strerror or err}{kept}")
        return False
    return True


@contextlib.contextmanager
def _folder_locks(folders: Iterable[Path]) -> Iterator[None]:
    """Hold the write lock of each folder (created as needed), taken in one order so writers never deadlock."""
    with contextlib.ExitStack() as stack:
        for folder in sorted(folders, key=lambda f: str(f.resolve())):
            blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
            if blocking is not None:
                raise NotADirectoryError(20, "is a file, not a folder", str(blocking))
            folder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(_folder_lock(folder))
            _remove_leftovers(folder)
        yield


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``folder/.idlibmap-write.lock``, removed again when released.

    The holder removes the lock file before releasing it, so a writer that was waiting on the old
    file checks, once it has the lock, that the file is still the one in the folder, and otherwise
    tries again with the new one.
    """
    if sys.platform == "win32":  # no flock: builds into one folder must then not run at once
        yield
        return
    import fcntl

    lock_path = folder / LOCK_NAME
    waited = False
    while True:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not waited:
                    log.info(f"waiting for another build writing in {folder} ...")
                    waited = True
                fcntl.flock(handle, fcntl.LOCK_EX)
            if _same_file(handle, lock_path):
                break
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _remove_leftovers(folder: Path) -> None:
    """Remove temporary and backup files an earlier build left when it was killed (call with the lock held)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if _LEFTOVER.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                log.info(f"removed {entry.name}, left in {folder} by a build that was stopped")
                Path(entry.path).unlink(missing_ok=True)


class AppendFile:
    """A file written by appending, for outputs that grow as a batch runs (mention rows, errors, a journal).

    It is created with the umask's mode (:func:`file_mode`); :meth:`append` writes bytes at the end and
    returns the new size, :meth:`truncate` cuts it back to a size recorded earlier (dropping what a killed
    run half-wrote), :meth:`sync` flushes it to disk. With ``lock``, the file is held under an exclusive
    ``flock`` while open, and a second writer is refused with an :class:`~idlibmap.errors.OutputError`.
    """

    def __init__(self, path: Path, *, lock: bool = False):
        self.path = path
        try:
            self._handle = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), file_mode())
        except OSError as err:
            raise OutputError(f"cannot write output {path}: {err.strerror or err}") from err
        if lock and sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self._handle)
                raise OutputError(f"another run is writing {path}; wait for it to end") from None
        self.size = os.lseek(self._handle, 0, os.SEEK_END)

    def append(self, data: bytes) -> int:
        """Write ``data`` at the end; the file's size after it."""
        view = memoryview(data)
        try:
            os.lseek(self._handle, self.size, os.SEEK_SET)
            while view:
                written = os.write(self._handle, view)
                view = view[written:]
                self.size += written
        except OSError as err:
            raise OutputError(f"cannot write output {self.path}: {err.strerror or err}") from err
        return self.size

    def truncate(self, size: int) -> None:
        """Cut the file back to ``size`` bytes (no longer than it is)."""
        size = min(size, os.fstat(self._handle).st_size)
        try:
            os.ftruncate(self._handle, size)
        except OSError as err:
            raise OutputError(f"cannot write output {self.path}: {err.strerror or err}") from err
        self.size = size

    def sync(self) -> None:
        """Make what was appended durable before the journal says it is there."""
        with contextlib.suppress(OSError):
            os.fsync(self._handle)

    def close(self) -> None:
        os.close(self._handle)

    def __enter__(self) -> AppendFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_folder(path: Path) -> None:
    """Create the folder ``path`` (and its parents) if missing; a file in the way is an OutputError."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise OutputError(f"cannot write output {path}: is a file, not a folder") from err
    except OSError as err:
        raise OutputError(f"cannot write output {path}: {err.strerror or err}") from err


def remove_files(paths: Iterable[Path]) -> None:
    """Remove the files ``paths`` (outputs of an earlier run that are to be replaced)."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            raise OutputError(f"cannot remove {path}: {err.strerror or err}") from err


class SpilledIds:
    """A set of ids (strings), each with a number, that keeps a bounded part of itself in memory.

    A batch must remember every id it has seen (to refuse a repeated one) and every id an earlier run
    finished (to skip it): millions of them on a large feed. They live in a private temporary SQLite
    database: SQLite keeps at most ``cache_kib`` KiB of its pages in memory and the rest in a temporary
    file (in ``SQLITE_TMPDIR`` or ``TMPDIR``, else ``/var/tmp`` or ``/tmp``) that only this process can
    open and that is gone when the set is closed. About 40 bytes of disk an id, nothing of memory.
    """

    def __init__(self, cache_kib: int = 2048):
        import sqlite3

        self._error = sqlite3.Error
        self._db = sqlite3.connect("", check_same_thread=False)  # "": a temporary file, deleted when closed
        self._db.executescript(f"PRAGMA cache_size = -{int(cache_kib)}; PRAGMA journal_mode = OFF; "
                               "PRAGMA synchronous = OFF; "
                               "CREATE TABLE ids (id TEXT PRIMARY KEY, number INTEGER) WITHOUT ROWID;")
        self._count = 0

    def setdefault(self, identity: str, number: int) -> int:
        """The number kept for ``identity``; ``number``, now kept, if it is new."""
        try:
            if self._db.execute("INSERT OR IGNORE INTO ids VALUES (?, ?)", (identity, number)).rowcount:
                self._count += 1
                return number
            kept: int = self._db.execute("SELECT number FROM ids WHERE id = ?", (identity,)).fetchone()[0]
        except self._error as err:
            raise self._failed(err) from err
        return kept

    def update(self, identities: Iterable[str], number: int = 0) -> None:
        """Add ``identities`` not yet in the set, with ``number``."""
        try:
            self._count += self._db.executemany("INSERT OR IGNORE INTO ids VALUES (?, ?)",
                                                ((identity, number) for identity in identities)).rowcount
        except self._error as err:
            raise self._failed(err) from err

    def __contains__(self, identity: object) -> bool:
        if not self._count or not isinstance(identity, str):
            return False
        try:
            return self._db.execute("SELECT 1 FROM ids WHERE id = ?", (identity,)).fetchone() is not None
        except self._error as err:
            raise self._failed(err) from err

    def __len__(self) -> int:
        return self._count

    def _failed(self, err: Exception) -> OutputError:
        return OutputError(f"cannot keep the ids seen in a temporary file ({tempfile.gettempdir()}): {err}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SpilledIds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
