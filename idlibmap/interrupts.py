"""Signals: Ctrl-C ends the command quietly at any moment, and a signal never cuts a write in half.

* :func:`run_interruptible` is the command's outermost boundary. It catches SIGINT from its first
  line, before the command line's own imports, and turns it into exit code 130 and one line,
  whatever the interrupted code made of the ``KeyboardInterrupt`` (numpy, interrupted while it
  loads, raises an ``ImportError`` instead). While a module loads the process ends at once: a C
  extension importing numpy would print the interrupted import's traceback itself.
* :class:`SignalGuard` is for code that writes files: while it is active SIGINT, SIGTERM and SIGHUP
  raise :class:`Signalled` (so cleanup runs) or, once :meth:`SignalGuard.hold` is called, wait for
  the guard's end. On leaving, the signal goes on to the handler that was there before (the
  process then ends as it would have, only after the cleanup).

This module imports only small standard modules (``signal``, ``os``, ``sys``, ``contextlib``), so
it is cheap to load first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
GUARDED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


def run_interruptible(body: Callable[[], int], *, exiting: bool = False) -> int:
    """``body()``'s exit code, or 130 and "idlibmap: interrupted" on stderr when Ctrl-C came first.

    ``exiting``: the process ends with ``body``, so SIGINT stays ignored afterwards (a late Ctrl-C
    would otherwise interrupt the interpreter's shutdown) instead of getting its old handler back.

    Any exception that follows a SIGINT counts as the interrupt (libraries interrupted in the middle
    of an import re-raise it as something else), and so does any ``KeyboardInterrupt``. Outside the
    main thread signals cannot be caught, and ``body`` simply runs.
    """
    received: list[int] = []

    def interrupt(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        if _importing(frame):  # an extension loading numpy would print the traceback itself
            _exit_interrupted()
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGINT, interrupt)
    except ValueError:  # not the main thread
        return body()
    try:
        try:
            code = body()
        except KeyboardInterrupt:
            received.append(signal.SIGINT)
        except BaseException:
            if not received:
                raise
        if received:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the message short
            print(INTERRUPTED, file=sys.stderr, flush=True)
            code = EXIT_INTERRUPTED
        return code
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN if exiting else previous)


INTERRUPTED = "idlibmap: interrupted"


def _importing(frame: FrameType | None) -> bool:
    """Whether Python is loading a module: nothing is being written then, and nothing needs cleaning up."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _exit_interrupted() -> None:
    """End the process at once, as an interrupted command: what was printed is kept, then one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    with contextlib.suppress(Exception):
        print(INTERRUPTED, file=sys.stderr, flush=True)
    os._exit(EXIT_INTERRUPTED)


class Signalled(BaseException):
    """A guarded signal arrived while files were being written."""

    def __init__(self, signum: int):
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


class SignalGuard:
    """While active, SIGINT, SIGTERM and SIGHUP raise :class:`Signalled` once; after :meth:`hold`, they wait.

    Only the first signal raises: cleanup after it is not cut short by a second one. Signals the
    process ignores (``nohup``) stay ignored. On exit the previous handlers come back and a signal
    that arrived is sent again, to them: by default the process then ends by it.
    """

    def __init__(self) -> None:
        self.received: list[int] = []
        self._holding = False
        self._raised = False
        self._previous: dict[int, Handler] = {}

    def __enter__(self) -> SignalGuard:
        for signum in GUARDED_SIGNALS:
            current = signal.getsignal(signum)
            if current is signal.SIG_IGN:
                continue
            try:
                signal.signal(signum, self._handle)
            except ValueError:  # not the main thread: signals cannot be caught here
                break
            self._previous[signum] = current
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        if not self._holding and not self._raised:
            self._raised = True
            raise Signalled(signum)

    def hold(self) -> None:
        """From now until the guard ends, signals wait: what follows is never cut short."""
        self._holding = True

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A signal arriving in this block raises at its end (a file created is then on record to clean up)."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding
        if self.received and not self._holding and not self._raised:
            self._raised = True
            raise Signalled(self.received[0])

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()
        if self.received:
            signal.raise_signal(self.received[0])  # the previous handler acts now: KeyboardInterrupt, or exit
