"""State survives a replaced executor: the journal of completed cells is replayed into the new one."""

from __future__ import annotations

import time

from conftest import TIMEOUT, only, result_text, run, shell_reply, start_kernel


def interrupt_via_control(kc) -> None:
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    assert kc.control_channel.get_msg(timeout=TIMEOUT)["msg_type"] == "interrupt_reply"




def stderr_text(outputs: list[dict]) -> str:
    return "".join(m["content"]["text"] for m in only(outputs, "stream") if m["content"]["name"] == "stderr")


def test_an_async_busy_loop_replaces_the_executor_and_earlier_cells_are_replayed(history_file):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file, "CONVLAB_INTERRUPT_GRACE_MS": "1000"})
    try:
        run(kc, 'import assert from "node:assert/strict";\nconst base = 20;')  # cell 1
        run(kc, "function twice(n: number): number { return 2 * n; }")  # cell 2
        run(kc, "const broken: number = 'x';")  # cell 3: fails, not journaled
        run(kc, "// %no-replay\nlet sideEffects = 1;")  # cell 4: opts out
        msg_id = kc.execute("while (true) { await null; }")  # cell 5: hangs
        time.sleep(1.0)
        interrupt_via_control(kc)
        reply = shell_reply(kc, msg_id)
        assert reply["content"]["ename"] == "InterruptedError"
        # The next cell sees cells 1 and 2 again; the notice came with the interrupted cell.
        assert result_text(kc, "assert.equal(twice(base), 40); twice(base) + 2") == "42"
        reply, outputs = run(kc, "typeof sideEffects")
        assert only(outputs, "error")[0]["content"]["ename"] == "TSError"  # not replayed: opted out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_replay_notice_names_the_replayed_cells_and_the_time(history_file):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file, "CONVLAB_INTERRUPT_GRACE_MS": "1000"})
    try:
        run(kc, "const a = 1;")
        run(kc, "const b = a + 1;")
        outputs: list[dict] = []
        msg_id = kc.execute("while (true) { await null; }")
        time.sleep(1.0)
        interrupt_via_control(kc)
        shell_reply(kc, msg_id)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            outputs.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        notice = stderr_text(outputs)
        assert notice.count("\n") == 1
        assert "replayed cells [1], [2] in " in notice
        assert notice.rstrip().endswith(" s")
        assert result_text(kc, "a + b") == "3"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_heap_exhaustion_keeps_the_earlier_state(history_file):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file, "CONVLAB_KERNEL_MEMORY_MB": "512"})
    try:
        run(kc, "const kept = 'yes';")
        _, outputs = run(kc, "const hoard: number[][] = [];\nwhile (true) hoard.push(new Array(1e6).fill(1.5));")
        assert only(outputs, "error")[0]["content"]["ename"] == "OutOfMemoryError"
        assert "replayed cells [1]" in stderr_text(outputs)
        assert result_text(kc, "kept") == "'yes'"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_an_interrupted_timer_loop_really_stops_and_state_survives(kc):
    run(kc, "const survivor = 'still here';")
    msg_id = kc.execute('while (true) { await new Promise((r) => setTimeout(r, 5)); console.log("tick"); }')
    time.sleep(1.0)
    interrupt_via_control(kc)
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["ename"] == "InterruptedError"
    time.sleep(0.5)
    reply, outputs = run(kc, "survivor")
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'still here'"
    assert not any("tick" in m["content"]["text"] for m in only(outputs, "stream"))
    time.sleep(0.3)
    _, outputs = run(kc, "1 + 1")
    assert only(outputs, "stream") == []


def test_a_sync_infinite_loop_keeps_the_same_executor_and_replays_nothing(kc):
    run(kc, "const survivor = 'still here';")
    msg_id = kc.execute("for (;;) {}")
    time.sleep(1.0)
    interrupt_via_control(kc)
    assert shell_reply(kc, msg_id)["content"]["ename"] == "InterruptedError"
    reply, outputs = run(kc, "survivor")
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'still here'"
    assert "replayed" not in stderr_text(outputs)
