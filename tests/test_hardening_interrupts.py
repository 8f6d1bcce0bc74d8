"""Ctrl-C at any moment, imports included, is exit code 130 and one line; signals never cut a write short."""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from idlibmap.interrupts import EXIT_INTERRUPTED, SignalGuard, Signalled, run_interruptible

from .conftest import DEFAULT_STORY, ROOT

PYTHON = Path(sys.executable)
SCRIPT = PYTHON.parent / "idlibmap"  # the console script pip installs beside the interpreter


def _startup() -> float:
    """How long this machine takes, now, to reach idlibmap's first line (the interpreter's own start is not ours)."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([PYTHON, "-c", "import idlibmap"], check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@pytest.fixture(scope="module")
def startup() -> float:
    return _startup()


PACKAGE_FILES = re.compile(r'File "' + re.escape(str(ROOT / "idlibmap")) + r'[/\\]')


def _ran_our_code(stderr: str) -> bool:
    """Whether a traceback passes through the package's own files (not only Python's start-up and imports)."""
    return bool(PACKAGE_FILES.search(stderr))


COMMANDS = {"python -m idlibmap": [str(PYTHON), "-m", "idlibmap"], "idlibmap": [str(SCRIPT)]}


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_at_any_moment_is_exit_130_and_one_line(tmp_path, startup, command):
    if command == "idlibmap" and not SCRIPT.exists():
        pytest.skip("the idlibmap console script is not installed in this environment")
    interrupted = 0
    for delay in (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0):
        for margin in (2.5, 5.0, 10.0):  # past idlibmap's first line, with a margin for a machine busier than
            # when measured (the other test workers): ~0.6 s of imports and more follow
            out = tmp_path / f"{delay}-{margin}" / "m.html"
            process = subprocess.Popen([*COMMANDS[command], "build", "--story", str(DEFAULT_STORY), "--out",
                                        str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            time.sleep(margin * startup + delay)
            process.send_signal(signal.SIGINT)
            stdout, stderr = process.communicate(timeout=120)
            if "Traceback" not in stderr or _ran_our_code(stderr):
                break
            # else the machine was slower than measured: the signal came in the interpreter's own start; again
        else:
            continue
        assert "Traceback" not in stderr, (delay, stderr)
        if process.returncode == 0:  # finished before the signal came: a whole build
            assert "built in" in stdout and out.exists()
            continue
        interrupted += 1
        assert process.returncode == EXIT_INTERRUPTED, (delay, process.returncode, stderr)
        assert stderr.strip().splitlines()[-1] == "idlibmap: interrupted"
        if out.parent.exists():
            assert not list(out.parent.iterdir())  # no temporary file, no lock file, no half of a map
    assert interrupted >= 5  # the early signals at least came before the build was done


def test_an_interrupt_that_a_library_turns_into_another_error_is_still_an_interrupt(capsys):
    def body() -> int:
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt as err:  # numpy, interrupted while loading, raises ImportError
            raise ImportError("numpy._core.multiarray failed to import") from err
        return 0

    assert run_interruptible(body) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "idlibmap: interrupted\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the old handler is back


def test_errors_with_no_interrupt_pass_through():
    def body() -> int:
        raise ImportError("a real one")

    with pytest.raises(ImportError, match="a real one"):
        run_interruptible(body)


def test_a_guarded_signal_raises_once_then_waits_and_reaches_the_old_handler():
    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        cleaned = False
        with pytest.raises(Signalled), SignalGuard():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)  # not reached: the signal raises first
            finally:
                os.kill(os.getpid(), signal.SIGTERM)  # a second signal during cleanup waits
                cleaned = True
        assert cleaned and seen == [signal.SIGTERM]  # sent on once the guard ended
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_after_hold_a_signal_waits_for_the_end_of_the_guard():
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), SignalGuard() as guard:
        guard.hold()
        signal.raise_signal(signal.SIGINT)
        steps.append("finished")
    assert steps == ["finished"]


def test_ignored_signals_stay_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with SignalGuard():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_a_signal_in_a_deferred_block_raises_at_its_end():
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), SignalGuard() as guard:
        with pytest.raises(Signalled), guard.deferred():
            signal.raise_signal(signal.SIGINT)
            steps.append("block finished")
        steps.append("raised after the block")
    assert steps == ["block finished", "raised after the block"]


def test_the_package_imports_nothing_before_the_command_can_catch_ctrl_c():
    """`python -m idlibmap` runs the package's __init__ before __main__ installs its Ctrl-C handler: an import
    there (typing, read from source on a fresh clone) is a window where Ctrl-C printed a traceback."""
    found = subprocess.run([PYTHON, "-c", "import sys; before = set(sys.modules); import idlibmap; "
                            "print(' '.join(sorted(set(sys.modules) - before)))"],
                           capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert found == ["idlibmap"]
