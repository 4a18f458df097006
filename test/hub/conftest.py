"""A real local JupyterHub (deploy/jupyterhub/local_hub.py) shared by the hub tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))

from local_hub import LocalHub  # noqa: E402


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHub]:
    with LocalHub(tmp_path_factory.mktemp("hub")) as running:
        yield running
    assert running.leftover_pids() == [], "the hub left processes behind"
