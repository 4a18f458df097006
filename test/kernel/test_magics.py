"""IPython's %time, %%time and %timeit over ZeroMQ, with IPython's output format."""

from __future__ import annotations

import re

from conftest import only, run, shell_reply

DURATION = r"[0-9.]+ (?:s|ms|µs|ns)"


def stdout(outputs: list[dict]) -> str:
    return "".join(m["content"]["text"] for m in only(outputs, "stream") if m["content"]["name"] == "stdout")


def test_time_prints_cpu_and_wall_time_and_shows_the_value(kc):
    reply, outputs = run(kc, "%time 1+1")
    assert reply["content"]["status"] == "ok"
    assert re.fullmatch(
        rf"CPU times: user {DURATION}, sys: {DURATION}, total: {DURATION}\nWall time: {DURATION}\n", stdout(outputs)
    )
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "2"


def test_cell_time_keeps_definitions_and_cell_line_numbers(kc):
    reply, outputs = run(kc, "%%time\nconst timed = 6 * 7;\ntimed")
    assert "Wall time:" in stdout(outputs)
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
    reply, outputs = run(kc, "%%time\nconst fails: number = 'x';")
    error = only(outputs, "error")[0]["content"]
    assert error["ename"] == "TSError"
    assert any("line 2, column 7" in line for line in error["traceback"])


def test_timeit_reports_mean_and_std_over_seven_runs(kc):
    reply, outputs = run(kc, "%timeit conv2d(zeros([1, 1, 8, 8]), zeros([1, 1, 3, 3]), { padding: 1 })")
    assert reply["content"]["status"] == "ok"
    assert re.fullmatch(
        rf"{DURATION} ± {DURATION} per loop \(mean ± std\. dev\. of 7 runs, [0-9,]+ loops? each\)\n", stdout(outputs)
    )
    assert only(outputs, "execute_result") == []


def test_completion_offers_the_magics(kc):
    reply = shell_reply(kc, kc.complete("%ti", 3))
    assert set(reply["content"]["matches"]) == {"%time", "%timeit"}
    assert reply["content"]["cursor_start"] == 0


def test_who_lists_the_names_the_cells_defined_as_ipython_does(kc):
    reply, outputs = run(kc, "%who")
    assert reply["content"]["status"] == "ok"
    assert stdout(outputs) == "Interactive namespace is empty.\n"  # the ConvLab API is not listed
    run(kc, "const zeta = 1;\nfunction alpha() { return 2; }\nlet conv2d = 3;")
    reply, outputs = run(kc, "%who")
    assert stdout(outputs) == "alpha\t conv2d\t zeta\t \n"  # sorted; a redefined API name counts
    assert only(outputs, "execute_result") == []
    assert set(shell_reply(kc, kc.complete("%wh", 3))["content"]["matches"]) == {"%who"}


def test_a_console_runs_magic_cells_on_enter_when_their_code_is_complete(kc):
    def status(code: str) -> str:
        return shell_reply(kc, kc.is_complete(code))["content"]["status"]

    assert status("%who") == "complete"
    assert status("%time 1+1") == "complete"
    assert status("%%timeit\nconst a = conv2d(") == "incomplete"
