"""Every notebook executes headless on the ConvLab kernel (real kernel, real nbclient) with no error output.

Each notebook runs from a temporary copy, so the committed outputs are left alone. Cells tagged "check"
hold the assertions of the lecture's claims: they must all have run.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
# Student versions of homework (notebooks/homework/student) are unanswered by design: test/grade covers them.
NOTEBOOKS = sorted(
    p
    for p in (ROOT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts and p.parent.name != "student"
)


def test_there_are_lecture_and_exercise_notebooks_in_both_editions():
    names = {p.relative_to(ROOT / "notebooks").as_posix() for p in NOTEBOOKS}
    assert {n for n in names if n.startswith("lecture/")}, names
    assert {n for n in names if n.startswith("lecture/zh/")}, names
    assert {"exercises/exercises.ipynb", "exercises/solutions.ipynb"} <= names
    assert {"exercises/zh/exercises.ipynb", "exercises/zh/solutions.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_notebook_executes_without_errors(path: Path):
    nb = nbformat.read(path, as_version=4)
    original = copy.deepcopy(nb)
    client = NotebookClient(nb, kernel_name="convlab", timeout=120, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, cell in enumerate(nb.cells)
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors == []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells), "every code cell must have run"
    checks = [c for c in code_cells if "check" in c.metadata.get("tags", [])]
    if "lecture" in path.relative_to(ROOT / "notebooks").parts or path.name == "solutions.ipynb":
        assert checks, "lecture and solution notebooks assert their claims in cells tagged 'check'"
    assert nbformat.read(path, as_version=4) == original, "the committed notebook must not be modified by the test"
