"""``python -m idlibmap`` and the ``idlibmap`` command: Ctrl-C is caught from here on, before the CLI loads."""

from __future__ import annotations

import os
import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C before :mod:`.interrupts` has loaded (it takes a moment on a busy machine): the same one line and
    exit code as :data:`.interrupts.INTERRUPTED` and :data:`.interrupts.EXIT_INTERRUPTED`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr.write("idlibmap: interrupted\n")
    sys.stderr.flush()
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted_while_starting)  # first, before any import of ours

from .interrupts import run_interruptible  # noqa: E402  (after the handler)


def _main() -> int:
    from .cli import main

    return main()


def run() -> int:
    """The command line's exit code; Ctrl-C at any moment is exit code 130 and one line, no traceback."""
    return run_interruptible(_main, exiting=True)


if __name__ == "__main__":
    sys.exit(run())
