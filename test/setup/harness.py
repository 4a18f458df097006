"""Helpers for the setup tests: scripts/setup.sh runs for real, in a copy of this checkout.

A copy holds the tracked files only. The heavy inputs are shared, not rebuilt: node_modules is a
symlink to this checkout's (setup ran here first), and the npm and venv stages get a one-package
package.json / requirements.txt, so each interruption costs seconds and the logic under test is
the real script's. Stages run one at a time through CONVLAB_SETUP_ONLY.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# One small pinned package each, already in the local npm and pip caches (both are in this
# checkout's own dependency tree).
TINY_REQUIREMENTS = "iniconfig==2.3.1\n"
TINY_PACKAGE = '{"name": "setup-test", "version": "1.0.0", "private": true, "dependencies": {"typescript": "5.9.3"}}\n'
RUN_TIMEOUT = 240


@dataclass
class Run:
    returncode: int
    output: str


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    return [name for name in out.decode().split("\0") if name]


def make_copy(dest: Path, *, share_node_modules: bool) -> Path:
    for name in tracked_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    if share_node_modules:
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
        (dest / "labextension" / "node_modules").symlink_to(ROOT / "labextension" / "node_modules")
    return dest


def make_tiny(dest: Path) -> None:
    """Gives a copy a one-package npm project (with its lock file) and requirements.txt."""
    (dest / "requirements.txt").write_text(TINY_REQUIREMENTS)
    (dest / "package.json").write_text(TINY_PACKAGE)
    (dest / "package-lock.json").unlink()
    subprocess.run(
        ["npm", "install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=dest,
        check=True,
        capture_output=True,
        timeout=120,
    )


def setup_env(only: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONVLAB_SETUP_QUIET")}
    env["CONVLAB_SETUP_ONLY"] = only
    return env


def start_setup(root: Path, only: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["bash", "scripts/setup.sh"],
        cwd=root,
        env=setup_env(only),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def run_setup(root: Path, only: str) -> Run:
    proc = start_setup(root, only)
    out, _ = proc.communicate(timeout=RUN_TIMEOUT)
    return Run(proc.returncode, out)


def kill_group(proc: subprocess.Popen[str]) -> None:
    """SIGKILL to setup and everything it started (npm, tsc, pip): no chance to clean up."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate(timeout=30)


def interrupt_setup(root: Path, only: str, *, after_s: float | None = None, when: Callable[[], bool] | None = None) -> str:
    """Starts setup and kills it after `after_s` seconds, or as soon as `when()` holds."""
    proc = start_setup(root, only)
    deadline = time.monotonic() + (after_s if after_s is not None else RUN_TIMEOUT)
    while time.monotonic() < deadline and proc.poll() is None:
        if when is not None and when():
            break
        time.sleep(0.02)
    finished = proc.poll() is not None
    kill_group(proc)
    return "finished before the kill" if finished else "killed"
