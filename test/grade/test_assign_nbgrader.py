"""`convlab assign` against nbgrader itself (PyPI, in the venv): every checksum is the one
nbgrader's own `compute_checksum` gives, and nbgrader's generate_assignment (with the shipped
config) makes the same student cells."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from grade_support import HOMEWORK, ROOT, VENV_BIN, convlab
from nbgrader.utils import compute_checksum

ASSIGNMENTS = sorted(HOMEWORK.glob("*.ipynb"))


@pytest.fixture(scope="module")
def assigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("assigned")
    for source in ASSIGNMENTS:
        convlab("assign", str(source), "--out", str(out))
    return out


@pytest.mark.parametrize("source", ASSIGNMENTS, ids=lambda p: p.name)
def test_checksums_are_nbgraders(assigned: Path, source: Path):
    nb = nbformat.read(assigned / source.name, as_version=4)
    cells = [c for c in nb.cells if "nbgrader" in c.metadata]
    assert cells
    for cell in cells:
        assert cell.metadata.nbgrader.checksum == compute_checksum(cell), cell.metadata.nbgrader.grade_id


def test_checksum_of_unusual_points_and_text(tmp_path: Path):
    """Python's str(float(points)) for fractions, exponents and big numbers; non-ASCII sources."""
    base = {"grade": True, "locked": True, "schema_version": 3, "solution": False, "task": False}
    cases = []
    for i, points in enumerate([0, 1, 0.5, 2.25, 1e-05, 0.0001, 123456789.125, 1e15, 1.5e16, 3e22]):
        cases.append({"cell_type": "code", "source": f"check('é {i}', 1, () => true) // ✓\n", "metadata": {"nbgrader": {**base, "grade_id": f"g{i}", "points": points}}, "outputs": []})
    cases.append({"cell_type": "markdown", "source": "YOUR ANSWER HERE", "metadata": {"nbgrader": {**base, "grade_id": "m", "points": 2, "solution": True, "locked": False}}})
    cases.append({"cell_type": "markdown", "source": "read me", "metadata": {"nbgrader": {**base, "grade": False, "grade_id": "r"}}})
    (tmp_path / "cells.json").write_text(json.dumps(cases))
    script = (
        f"import {{ computeChecksum }} from {json.dumps(str(ROOT / 'dist' / 'cli' / 'index.js'))};"
        f"import {{ readFileSync }} from 'node:fs';"
        f"const cells = JSON.parse(readFileSync({json.dumps(str(tmp_path / 'cells.json'))}, 'utf8'));"
        "console.log(JSON.stringify(cells.map(computeChecksum)));"
    )
    ours = json.loads(subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True).stdout)
    theirs = [compute_checksum(nbformat.from_dict(c)) for c in cases]
    assert ours == theirs


def test_nbgrader_generate_assignment_makes_the_same_student_cells(assigned: Path, tmp_path: Path):
    course = tmp_path / "course"
    (course / "source" / "hw").mkdir(parents=True)
    shutil.copy(HOMEWORK / "nbgrader_config.py", course / "nbgrader_config.py")
    for source in ASSIGNMENTS:
        shutil.copy(source, course / "source" / "hw" / source.name)
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / ".venv" / "share" / "jupyter"), "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    subprocess.run([str(VENV_BIN / "nbgrader"), "generate_assignment", "hw", "--force"], cwd=course, env=env, check=True, capture_output=True)
    for source in ASSIGNMENTS:
        theirs = nbformat.read(course / "release" / "hw" / source.name, as_version=4)
        ours = nbformat.read(assigned / source.name, as_version=4)
        assert [c.source for c in ours.cells] == [c.source for c in theirs.cells]
        assert [c.metadata for c in ours.cells] == [c.metadata for c in theirs.cells]


@pytest.mark.parametrize("source", ASSIGNMENTS, ids=lambda p: p.name)
def test_committed_student_versions_are_up_to_date(assigned: Path, source: Path):
    """The launcher opens notebooks/homework/student/: it must be what `convlab assign` makes now."""
    committed = HOMEWORK / "student" / source.name
    assert committed.read_text() == (assigned / source.name).read_text(), f"run: npx convlab assign {source} --out {committed.parent}"
