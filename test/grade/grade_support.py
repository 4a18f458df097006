"""Shared helpers of the grader's pytest suites: the repo root and running `convlab`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOMEWORK = ROOT / "notebooks" / "homework"
VENV_BIN = Path(sys.executable).parent


def convlab(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Runs the built `convlab` command; fails the test with its output when it fails."""
    result = subprocess.run(
        ["node", str(ROOT / "bin" / "convlab.js"), *args], capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"convlab {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result
