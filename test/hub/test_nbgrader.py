"""Homework through nbgrader's exchange on the local hub, with the nbgrader variant of the Helm
values (deploy/jupyterhub/values-nbgrader.yaml, `convlab hub --variant nbgrader`): the instructor
releases hw1 with nbgrader, simulated students fetch it and submit it at once through their own
servers' Assignments API (what the Assignments tab calls), the instructor collects with nbgrader
and grades the collected folder with `convlab grade`. Every submission arrives, each the student's
own, and every student is graded."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_hub import LocalHub
from student import Student

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
COURSE = "convlab-padding-stride"  # values-nbgrader.yaml: CONVLAB_COURSE_ID
ASSIGNMENT = "hw1-output-size"
STUDENTS = 4


@pytest.fixture(scope="module")
def nbgrader_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalHub]:
    with LocalHub(tmp_path_factory.mktemp("nbgrader-hub"), values=["deploy/jupyterhub/values-nbgrader.yaml"]) as hub:
        yield hub
    assert hub.leftover_pids() == [], "the hub left processes behind"


def instructor(course_dir: Path, exchange: Path, *args: str) -> None:
    """An nbgrader command as the instructor runs it, in their course directory."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([str(VENV_BIN / "nbgrader"), *args], cwd=course_dir, env=env, check=True, timeout=300,
                   capture_output=True)


def write_course(course_dir: Path, exchange: Path) -> None:
    release = course_dir / "release" / ASSIGNMENT
    release.mkdir(parents=True)
    (release / f"{ASSIGNMENT}.ipynb").write_bytes(
        (ROOT / "notebooks" / "homework" / "student" / f"{ASSIGNMENT}.ipynb").read_bytes()
    )
    (course_dir / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.CourseDirectory.root = {str(course_dir)!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        "# Every student's server runs as one uid (jovyan in the image, root here): the owner check\n"
        "# of nbgrader collect cannot tell students apart, the exchange's student ids can.\n"
        "c.CollectApp.check_owner = False\n"
    )


def test_students_fetch_and_submit_through_nbgrader_and_every_submission_is_collected_and_graded(
    nbgrader_hub: LocalHub, tmp_path: Path
) -> None:
    exchange = nbgrader_hub.exchange / "nbgrader"  # values-nbgrader.yaml: Exchange.root
    exchange.mkdir(parents=True)
    exchange.chmod(0o777)
    course_dir = tmp_path / "course"
    write_course(course_dir, exchange)
    instructor(course_dir, exchange, "release_assignment", ASSIGNMENT)

    tokens = {f"nb{i:02d}": uuid.uuid4().hex for i in range(STUDENTS)}

    async def one(name: str) -> None:
        async with Student(nbgrader_hub.url, name) as student:
            await student.log_in()
            await student.start_server()
            released = await student.assignments("list", COURSE)
            assert [(a["assignment_id"], a["status"]) for a in released] == [(ASSIGNMENT, "released")]
            await student.assignments("fetch", COURSE, ASSIGNMENT)
            path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
            notebook = (await student.get_contents(path))["content"]
            notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": f"my token: {tokens[name]}"})
            await student.save_notebook(path, notebook)
            listed = await student.assignments("submit", COURSE, ASSIGNMENT)
            submitted = [a for a in listed if a["status"] == "submitted"]
            assert [a["student_id"] for a in submitted] == [name]
            await student.stop_server()

    async def everyone() -> None:
        await asyncio.gather(*(one(name) for name in tokens))

    asyncio.run(everyone())

    instructor(course_dir, exchange, "collect", ASSIGNMENT)
    collected = sorted(p.relative_to(course_dir / "submitted").as_posix()
                       for p in (course_dir / "submitted").rglob("*.ipynb"))
    assert collected == sorted(f"{name}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb" for name in tokens)
    for name, token in tokens.items():
        text = (course_dir / "submitted" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
        assert f"my token: {token}" in text, f"{name}'s own notebook did not arrive"

    out = tmp_path / "graded"
    subprocess.run(
        ["node", str(ROOT / "bin" / "convlab.js"), "grade", "--source", str(ROOT / "notebooks" / "homework" / f"{ASSIGNMENT}.ipynb"),
         "--submissions", str(course_dir / "submitted"), "--out", str(out), "--jobs", "2"],
        check=True, timeout=900, capture_output=True,
    )
    with (out / "grades.csv").open() as f:
        graded = {row["student_id"] for row in csv.DictReader(f)}
    assert graded == set(tokens)


def test_students_servers_run_without_the_formgrader(nbgrader_hub: LocalHub) -> None:
    async def check() -> None:
        async with Student(nbgrader_hub.url, "nbcheck") as student:
            await student.log_in()
            await student.start_server()
            async with student.session.get(f"{student.server_url}/formgrader", headers=student._auth) as r:
                assert r.status == 404  # the server extension is off for students
            async with student.session.get(f"{student.server_url}/lab", headers=student._auth) as r:
                page = await r.text()
            config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
            disabled = config["disabledExtensions"]
            assert "@jupyter/nbgrader:formgrader" in disabled and "@jupyter/nbgrader:create-assignment" in disabled
            await student.stop_server()

    asyncio.run(check())
