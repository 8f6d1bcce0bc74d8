"""The quality gates the project keeps: ruff's rule set and mypy in strict mode, run as part of the suite."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "idlibmap", "tests", "scripts", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing():
    result = run("mypy")  # packages and strict mode come from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
