"""Fixtures for the setup tests (the helpers are in harness.py)."""

from __future__ import annotations

import os
import random

import pytest


@pytest.fixture(scope="session")
def seed() -> int:
    """The random kill points; CONVLAB_SETUP_TEST_SEED replays a failing run."""
    value = int(os.environ.get("CONVLAB_SETUP_TEST_SEED", str(random.SystemRandom().randrange(1 << 30))))
    print(f"setup tests: CONVLAB_SETUP_TEST_SEED={value}")
    return value


@pytest.fixture
def rng(seed: int, request: pytest.FixtureRequest) -> random.Random:
    return random.Random(f"{seed}:{request.node.name}")
