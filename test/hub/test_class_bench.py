"""A smoke run of `npm run bench:class` (the load test itself is a benchmark, not a test): two
students on the local hub run all of lecture 05 with every output checked, and --json prints the
issue's record format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from class_bench import expected_outputs  # noqa: E402

RECORD_KEYS = [
    "students",
    "arrival_s",
    "failed_cells",
    "p50_first_result_s",
    "p95_first_result_s",
    "p95_cell_ms",
    "mem_per_student_mb",
    "cpu_s_per_student",
]


def test_bench_class_runs_the_lecture_for_two_students_and_prints_the_record() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "class_bench.py"), "--students", "2", "--arrival", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout)["results"]
    assert len(results) == 1
    record = results[0]
    assert list(record) == RECORD_KEYS
    assert record["students"] == 2 and record["arrival_s"] == 2 and record["failed_cells"] == 0
    assert 0 < record["p50_first_result_s"] <= record["p95_first_result_s"]
    assert record["mem_per_student_mb"] > 0 and record["cpu_s_per_student"] > 0


def test_the_output_check_notices_a_wrong_number() -> None:
    committed = {"outputs": [{"output_type": "stream", "name": "stdout", "text": ["p0-s1: 28×28 → 26×26\n"]}]}
    same = {"outputs": [{"output_type": "stream", "name": "stdout", "text": "p0-s1: 28×28 → 26×26\n"}]}
    wrong = {"outputs": [{"output_type": "stream", "name": "stdout", "text": "p0-s1: 28×28 → 27×27\n"}]}
    assert expected_outputs(same) == expected_outputs(committed)
    assert expected_outputs(wrong) != expected_outputs(committed)
    error = {"outputs": [{"output_type": "error", "ename": "AssertionError", "evalue": "x"}]}
    assert expected_outputs(error) != expected_outputs({"outputs": []})
