"""Whatever a cell does, the kernel survives it, reports it in that cell and runs the next one."""

from __future__ import annotations

import time

import pytest
from conftest import TIMEOUT, collect_iopub, only, run, shell_reply, start_kernel


def assert_healthy(kc, expect_state: bool = True) -> None:
    reply, outputs = run(kc, "6 * 7")
    assert reply["content"]["status"] == "ok"
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
    if expect_state:
        _, outputs = run(kc, "survivor")
        assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'still here'"


@pytest.fixture
def kc_with_state(kc):
    run(kc, "const survivor = 'still here';")
    return kc


@pytest.mark.parametrize(
    ("code", "ename"),
    [
        ("const x = ;", "SyntaxError"),
        ("const n: number = 'text';", "TSError"),
        ("(null as any).field", "TypeError"),
        ("undefinedName + 1", "TSError"),  # TS2304: cannot find name
        ("throw 'a string'", "Uncaught"),
    ],
)
def test_compile_and_runtime_errors_leave_the_kernel_healthy(kc_with_state, code, ename):
    reply, outputs = run(kc_with_state, code)
    assert reply["content"]["status"] == "error"
    assert only(outputs, "error")[0]["content"]["ename"] == ename
    assert_healthy(kc_with_state)


def test_process_exit_becomes_an_error(kc_with_state):
    reply, outputs = run(kc_with_state, "process.exit(3)")
    error = only(outputs, "error")[0]["content"]
    assert error["ename"] == "ProcessExitError"
    assert "process.exit(3)" in error["evalue"]
    assert_healthy(kc_with_state)


def test_unhandled_rejection_is_reported_in_its_cell(kc_with_state):
    reply, outputs = run(kc_with_state, 'Promise.reject(new Error("nobody awaited me")); "done"')
    assert reply["content"]["status"] == "error"
    assert only(outputs, "error")[0]["content"]["evalue"] == "nobody awaited me"
    assert_healthy(kc_with_state)


def interrupt_via_control(kc) -> None:
    msg = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(msg)
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "interrupt_reply"


def test_infinite_loop_stopped_by_interrupt_request(kc_with_state):
    msg_id = kc_with_state.execute("let spins = 0; while (true) { spins++; }")
    time.sleep(1.0)
    interrupt_via_control(kc_with_state)
    reply = shell_reply(kc_with_state, msg_id)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "InterruptedError"
    assert_healthy(kc_with_state)  # same executor: earlier definitions kept


def test_infinite_loop_stopped_by_sigint(kernel):
    km, kc = kernel
    run(kc, "const survivor = 'still here';")
    msg_id = kc.execute("for (;;) {}")
    time.sleep(1.0)
    km.interrupt_kernel()  # interrupt_mode "signal": SIGINT to the kernel process
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["ename"] == "InterruptedError"
    assert_healthy(kc)


def test_async_timer_loop_stopped_by_interrupt(kc_with_state):
    msg_id = kc_with_state.execute("while (true) { await new Promise((r) => setTimeout(r, 5)); }")
    time.sleep(1.0)
    interrupt_via_control(kc_with_state)
    reply = shell_reply(kc_with_state, msg_id)
    assert reply["content"]["ename"] == "InterruptedError"
    assert_healthy(kc_with_state)


def test_async_busy_loop_is_stopped_and_reported(history_file):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file, "CONVLAB_INTERRUPT_GRACE_MS": "1000"})
    try:
        run(kc, "1 + 1")  # wait until the executor has loaded, so the loop really runs when interrupted
        msg_id = kc.execute("while (true) { await null; }")
        time.sleep(1.0)
        interrupt_via_control(kc)
        reply = shell_reply(kc, msg_id)
        assert reply["content"]["ename"] == "InterruptedError"
        assert "did not stop within 1 s" in reply["content"]["evalue"]
        assert_healthy(kc, expect_state=False)  # a fresh executor (no state was defined here)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_huge_output_is_truncated_with_a_notice(kc_with_state):
    reply, outputs = run(kc_with_state, 'for (let i = 0; i < 200000; i++) console.log("x".repeat(49));')
    assert reply["content"]["status"] == "ok"
    streams = only(outputs, "stream")
    printed = "".join(m["content"]["text"] for m in streams if m["content"]["name"] == "stdout")
    assert len(printed.encode()) == 1_000_000  # the default cap
    notice = streams[-1]["content"]
    assert notice["name"] == "stderr"
    assert "output truncated" in notice["text"]
    assert "9,000,000 bytes were dropped" in notice["text"]  # 200000 lines x 50 bytes - 1 MB
    assert_healthy(kc_with_state)


def test_typed_array_over_the_limit_fails_as_an_error(kc_with_state):
    reply, outputs = run(kc_with_state, "new Float64Array(2 ** 40)")
    assert only(outputs, "error")[0]["content"]["ename"] == "RangeError"
    assert_healthy(kc_with_state)


def test_heap_exhaustion_is_reported_and_the_kernel_recovers(history_file):
    # 512 MiB: enough for the compiler and ConvLab's types to load, small enough to exhaust quickly.
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file, "CONVLAB_KERNEL_MEMORY_MB": "512"})
    try:
        run(kc, "1 + 1")
        reply, outputs = run(kc, "const hoard: number[][] = [];\nwhile (true) hoard.push(new Array(1e6).fill(1.5));")
        error = only(outputs, "error")[0]["content"]
        assert error["ename"] == "OutOfMemoryError"
        assert "512 MiB" in error["evalue"]
        assert_healthy(kc, expect_state=False)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_interrupt_while_the_kernel_is_still_starting_cancels_the_cell(history_file):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file})
    try:
        # The executor needs about a second to load the compiler; the interrupt arrives long before.
        # (Should it ever be ready first, SIGINT stops the loop: the cell is interrupted either way.)
        msg_id = kc.execute("while (true) {}")
        interrupt_via_control(kc)
        reply = shell_reply(kc, msg_id)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "InterruptedError"
        reply, outputs = run(kc, "2 * 21")
        assert reply["content"]["status"] == "ok"
        assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "42"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
