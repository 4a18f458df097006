"""nbgrader itself (PyPI, in the venv, with the shipped config) generates and autogrades the
project's homework; `convlab grade` gives every honest submission the same score per grade cell."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

from grade_support import HOMEWORK, ROOT, VENV_BIN, convlab, honest_submission
from nbgrader.api import Gradebook

NOTEBOOKS = sorted(HOMEWORK.glob("*.ipynb"))
WRONG = {
    "partial": {
        "q2-solution": "function samePadding(k: number): number {\n  return k;\n}",
        "q3-solution": "function corr2dStrided(X: number[][], K: number[][], s: number): number[][] {\n  return [[19, 25], [37, 43]];\n}",
        "q1-solution": "function choosePaddingStride(): { padding: number; stride: number } {\n  return { padding: 2, stride: 3 };\n}",
    },
    "full": {},
}


def test_nbgrader_and_convlab_agree_on_honest_submissions(tmp_path: Path):
    course = tmp_path / "course"
    (course / "source" / "hw").mkdir(parents=True)
    shutil.copy(HOMEWORK / "nbgrader_config.py", course)
    for nb in NOTEBOOKS:
        shutil.copy(nb, course / "source" / "hw" / nb.name)
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / ".venv" / "share" / "jupyter"), "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    run = lambda *args: subprocess.run([str(VENV_BIN / "nbgrader"), *args], cwd=course, env=env, check=True, capture_output=True, timeout=900)  # noqa: E731
    run("generate_assignment", "hw", "--force")
    for student, wrong in WRONG.items():
        folder = course / "submitted" / student / "hw"
        folder.mkdir(parents=True)
        for nb in NOTEBOOKS:
            released = course / "release" / "hw" / nb.name
            content = json.loads(released.read_text()) if wrong is None else honest_submission(nb, released, wrong)
            (folder / nb.name).write_text(json.dumps(content))
    run("autograde", "hw", "--force")

    theirs: dict[tuple[str, str, str], float] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in WRONG:
            for nb in NOTEBOOKS:
                submitted = gb.find_submission_notebook(nb.stem, "hw", student)
                for grade in submitted.grades:
                    if grade.auto_score is not None and grade.cell.cell_type == "code":
                        theirs[(student, nb.stem, grade.name)] = float(grade.auto_score)

    ours: dict[tuple[str, str, str], float] = {}
    for nb in NOTEBOOKS:
        out = tmp_path / f"convlab-{nb.stem}"
        convlab("grade", "--source", str(nb), "--submissions", str(course / "submitted"), "--out", str(out), "--jobs", "2")
        for student in WRONG:
            for test in json.loads((out / student / "results.json").read_text())["tests"]:
                ours[(student, nb.stem, test["name"])] = float(test["score"])
        rows = list(csv.DictReader((out / "grades.csv").open()))
        assert [r["student_id"] for r in rows] == ["full", "partial"]

    assert theirs, "nbgrader graded nothing"
    assert ours == theirs
    totals = {s: sum(v for (st, _, _), v in ours.items() if st == s) for s in WRONG}
    assert totals["full"] == 14 and 0 < totals["partial"] < 14  # 10 + 4 autograded; 2 by hand
