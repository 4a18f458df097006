"""nbclient runs a whole notebook on the ConvLab kernel, as nbgrader and CI do."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "convlab", "display_name": "TypeScript (ConvLab)", "language": "typescript"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def execute(nb: nbformat.NotebookNode, tmp_path, monkeypatch, **kwargs) -> nbformat.NotebookNode:
    monkeypatch.setenv("CONVLAB_HISTORY_FILE", str(tmp_path / "history.jsonl"))
    client = NotebookClient(nb, timeout=120, kernel_name="convlab", resources={"metadata": {"path": str(tmp_path)}}, **kwargs)
    return client.execute()


def test_a_lecture_notebook_runs_end_to_end(tmp_path, monkeypatch):
    nb = notebook(
        'import { conv2dOutputShape } from "convlab";',
        # D2L 6.3.2: 8x8 input, 3x5 kernel, padding (0, 1), stride (3, 4) -> 2x2
        "const shape = conv2dOutputShape({ input: [8, 8], kernel: [3, 5], padding: [0, 1], stride: [3, 4] });\nshape.output",
        'console.log("height:", shape.height.output)',
        "summary([layers.Conv2d(1, 1, 3, { padding: 1 })], [1, 1, 8, 8])",
        'display(mimeBundle({ "text/plain": "done", "text/html": "<b>done</b>" }))',
    )
    nb = execute(nb, tmp_path, monkeypatch)
    outputs = [cell.outputs for cell in nb.cells]
    assert outputs[0] == []
    assert outputs[1][0]["output_type"] == "execute_result"
    assert outputs[1][0]["data"]["text/plain"] == "[ 2, 2 ]"
    assert outputs[2][0]["text"] == "height: 2\n"
    assert "[1, 1, 8, 8]" in outputs[3][0]["data"]["text/plain"]  # padding 1 keeps 8x8 (D2L 6.3.1)
    assert "text/html" in outputs[3][0]["data"]
    assert outputs[4][0]["output_type"] == "display_data"
    assert outputs[4][0]["data"]["text/html"] == "<b>done</b>"
    assert [cell.execution_count for cell in nb.cells] == [1, 2, 3, 4, 5]


def test_a_failing_cell_fails_the_notebook(tmp_path, monkeypatch):
    nb = notebook("const ok = 1;", 'if (ok === 1) throw new Error("graded test failed")', "ok + 1")
    with pytest.raises(CellExecutionError) as raised:
        execute(nb, tmp_path, monkeypatch)
    assert "graded test failed" in str(raised.value)
    assert nb.cells[2].outputs == []  # never ran


def test_allow_errors_runs_every_cell_and_records_the_error(tmp_path, monkeypatch):
    nb = notebook('throw new RangeError("first")', "40 + 2")
    nb = execute(nb, tmp_path, monkeypatch, allow_errors=True)
    assert nb.cells[0].outputs[0]["output_type"] == "error"
    assert nb.cells[0].outputs[0]["ename"] == "RangeError"
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "42"
