"""``python -m idlibmap`` and the ``idlibmap`` command: Ctrl-C is caught from here on, before the CLI loads."""

from __future__ import annotations

import sys

from .interrupts import run_interruptible


def _main() -> int:
    from .cli import main

    return main()


def run() -> int:
    """The command line's exit code; Ctrl-C at any moment is exit code 130 and one line, no traceback."""
    return run_interruptible(_main, exiting=True)


if __name__ == "__main__":
    sys.exit(run())
