"""`convlab gradescope`: the zip holds an executable setup.sh and run_autograder, the notebook and
ConvLab; run_autograder grades a submission in a directory laid out like /autograder."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import zipfile
from pathlib import Path

from grade_support import HOMEWORK, ROOT, convlab, honest_submission

SOURCE = HOMEWORK / "hw1-output-size.ipynb"


def test_autograder_grades_a_submission_like_gradescope(tmp_path: Path):
    archive = tmp_path / "autograder.zip"
    convlab("gradescope", str(SOURCE), "--out", str(archive))
    autograder = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names == ["setup.sh", "run_autograder", SOURCE.name, "convlab.tgz"]
        for name in ("setup.sh", "run_autograder"):
            assert stat.S_IMODE(z.getinfo(name).external_attr >> 16) == 0o755
        z.extractall(autograder / "source")
    for name in ("setup.sh", "run_autograder"):
        (autograder / "source" / name).chmod(0o755)
    subprocess.run(["bash", "-n", str(autograder / "source" / "setup.sh")], check=True)

    convlab("assign", str(SOURCE), "--out", str(tmp_path / "release"))
    submission = honest_submission(SOURCE, tmp_path / "release" / SOURCE.name, {"q2-solution": "function samePadding(k: number): number {\n  return k;\n}"})
    (autograder / "submission" / "upload").mkdir(parents=True)
    (autograder / "submission" / "upload" / SOURCE.name).write_text(json.dumps(submission))
    env = {**os.environ, "AUTOGRADER_ROOT": str(autograder), "CONVLAB_BIN": str(ROOT / "bin" / "convlab.js")}
    subprocess.run([str(autograder / "source" / "run_autograder")], env=env, check=True, timeout=300)
    results = json.loads((autograder / "results" / "results.json").read_text())
    assert results["score"] == 8  # samePadding wrong: q2's 2 points lost
    tests = {t["name"]: t for t in results["tests"]}
    assert tests["q2-test-assert"]["score"] == 0 and tests["q1-test-basic"]["score"] == 1
    assert tests["q1-test-hidden"]["visibility"] == "after_published"

    # nothing submitted: a zero with a message, not a crash
    for f in (autograder / "submission" / "upload").iterdir():
        f.unlink()
    subprocess.run([str(autograder / "source" / "run_autograder")], env=env, check=True, timeout=60)
    empty = json.loads((autograder / "results" / "results.json").read_text())
    assert empty["score"] == 0 and "No notebook" in empty["output"]
