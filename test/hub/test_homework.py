"""Homework collection on the local hub: simulated students, all at once, each hand in a generated
notebook through their own server into the shared exchange; every one arrives, intact, and
nothing else is there. (`npm run bench:class` does the same for a whole class.)"""

from __future__ import annotations

import asyncio
import uuid

from local_hub import LocalHub
from student import Student, handed_in, homework_notebook

STUDENTS = 6
ASSIGNMENT = "homework-01.ipynb"


def test_every_student_hands_in_and_every_submission_arrives(hub: LocalHub) -> None:
    tokens = {f"hw{i:02d}": uuid.uuid4().hex for i in range(STUDENTS)}

    async def one(name: str) -> None:
        async with Student(hub.url, name) as student:
            await student.log_in()
            await student.start_server()
            saved = await student.hand_in(ASSIGNMENT, homework_notebook(name, tokens[name]))
            assert saved["path"] == f"handin/{ASSIGNMENT}"
            await student.stop_server()

    async def everyone() -> None:
        await asyncio.gather(*(one(name) for name in tokens))

    asyncio.run(everyone())
    assert handed_in(hub.exchange, ASSIGNMENT, tokens) == dict.fromkeys(tokens, True)
    inbound = hub.exchange / "inbound"
    # Jupyter also keeps a checkpoint copy in a hidden folder beside a saved file; the submissions
    # are the visible notebooks.
    visible = (p.relative_to(inbound) for p in inbound.rglob("*.ipynb"))
    arrived = sorted(p.as_posix() for p in visible if not any(part.startswith(".") for part in p.parts))
    assert arrived == sorted(f"{name}/{ASSIGNMENT}" for name in tokens)
