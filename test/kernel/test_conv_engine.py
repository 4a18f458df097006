"""The fast conv engine inside the real kernel: results, progress of a long batch, and an interrupt."""

from __future__ import annotations

import time

from conftest import TIMEOUT, only, run, shell_reply


def test_conv2d_runs_on_the_engine_in_the_kernel(kc):
    # 3x3 box sums of an all-ones image without padding are 9 everywhere (by hand).
    code = "const y = conv2d(ones([1000, 1, 28, 28]), ones([8, 1, 3, 3]));\n[y.shape, y.min(), y.max()]"
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok"
    result = only(outputs, "execute_result")[0]["content"]["data"]["text/plain"]
    assert result.replace(" ", "").replace("\n", "") == "[[1000,8,26,26],9,9]"
    assert not [m for m in only(outputs, "stream") if "reference loops" in m["content"]["text"]]


def test_conv2d_async_shows_progress_while_it_runs(kc):
    code = (
        'const bar = progress(2000, { label: "conv", intervalMs: 0 });\n'
        "const maps = await conv2dAsync(ones([2000, 1, 28, 28]), ones([8, 1, 3, 3]), "
        "{ padding: 1, imagesPerStep: 250, onProgress: (done) => bar.update(done) });\n"
        "maps.shape"
    )
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok"
    updates = only(outputs, "update_display_data")
    assert len(updates) >= 8
    assert updates[-1]["content"]["data"]["text/plain"].endswith("2000/2000 (100%)")
    assert "[ 2000, 8, 28, 28 ]" in only(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


def interrupt(kc) -> None:
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    assert kc.control_channel.get_msg(timeout=TIMEOUT)["msg_type"] == "interrupt_reply"


def assert_interrupted_and_healthy(kc, msg_id: str) -> None:
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["ename"] == "InterruptedError"
    after, outputs = run(kc, "conv2d(ones([2, 1, 4, 4]), ones([1, 1, 3, 3])).tolist()")
    assert after["content"]["status"] == "ok"
    assert "[ [ [ 9, 9 ], [ 9, 9 ] ] ]" in only(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


def test_a_long_conv2d_async_is_interruptible(kc):
    run(kc, "1 + 1")  # the executor is up
    msg_id = kc.execute(
        "for (;;) await conv2dAsync(ones([2000, 1, 28, 28]), ones([8, 1, 3, 3]), { imagesPerStep: 100 });"
    )
    time.sleep(2.0)
    interrupt(kc)
    assert_interrupted_and_healthy(kc, msg_id)
