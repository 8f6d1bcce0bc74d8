"""The quality gates the project keeps: ruff's rule set, mypy in strict mode and ESLint on the page's script."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


ESLINT = ROOT / "node_modules" / ".bin" / "eslint"


@pytest.mark.skipif(not ESLINT.exists() and not os.environ.get("CI"),
                    reason="ESLint not installed (.ci/run installs it with npm from package.json)")
def test_eslint_finds_nothing_in_the_page_script():
    result = subprocess.run([str(ESLINT), "--max-warnings", "0", "idlibmap/render/assets/"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
