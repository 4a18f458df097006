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


def honest_submission(source: Path, student: Path, wrong: dict[str, str] | None = None) -> dict:
    """The student version with the instructor's answers, except the cells in `wrong` (by grade_id)."""
    import json

    src = json.loads(source.read_text())
    nb = json.loads(student.read_text())
    for original, cell in zip(src["cells"], nb["cells"]):
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            cell["source"] = (wrong or {}).get(meta["grade_id"], original["source"])
    return nb
