"""Jupyter messaging 5.3 behaviour of the ConvLab kernel, over real ZeroMQ sockets."""

from __future__ import annotations

import json
import os
import time

import psutil
import pytest
import zmq
from conftest import TIMEOUT, collect_iopub, only, run, shell_reply, start_kernel
from jupyter_client.session import Session


def test_kernel_info_reply_describes_typescript_with_status_and_help_links(kc):
    kc.kernel_info()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    content = reply["content"]
    assert content["status"] == "ok"
    assert content["protocol_version"] == "5.3"
    info = content["language_info"]
    assert info["name"] == "typescript"
    assert info["file_extension"] == ".ts"
    assert info["mimetype"] == "text/typescript"
    assert info["codemirror_mode"] == {"name": "javascript", "typescript": True}
    assert info["version"] == "5.0.4"  # the TypeScript that tslab 1.0.22 pins
    assert any("ConvLab" in link["text"] for link in content["help_links"])


def test_execute_input_then_result_carries_the_execution_count(kc):
    reply, outputs = run(kc, "2 ** 10")
    count = reply["content"]["execution_count"]
    assert only(outputs, "execute_input")[0]["content"] == {"code": "2 ** 10", "execution_count": count}
    result = only(outputs, "execute_result")[0]["content"]
    assert result["execution_count"] == count
    assert result["data"]["text/plain"] == "1024"


def test_network_summary_renders_rich_html_through_the_display_protocol(kc):
    # D2L 6.3: an 8x8 input through a 3x3 convolution gives 6x6 (8 - 3 + 1).
    _, outputs = run(kc, "summary([layers.Conv2d(1, 2, 3)], [1, 1, 8, 8])")
    data = only(outputs, "execute_result")[0]["content"]["data"]
    assert "[1, 2, 6, 6]" in data["text/plain"]
    assert data["text/html"].startswith('<table class="convlab-summary">')


def test_a_cell_defined_displayable_shows_every_mime_type_and_metadata(kc):
    code = (
        "class Badge { [MIME_BUNDLE](): MimeBundle {\n"
        '  return { data: { "text/plain": "badge", "text/html": "<i>badge</i>", "application/json": { n: 1 } },\n'
        '           metadata: { "text/html": { isolated: true } } };\n'
        "} }\n"
        "new Badge()"
    )
    _, outputs = run(kc, code)
    content = only(outputs, "execute_result")[0]["content"]
    assert content["data"] == {"text/plain": "badge", "text/html": "<i>badge</i>", "application/json": {"n": 1}}
    assert content["metadata"] == {"text/html": {"isolated": True}}


def test_plain_values_show_like_node_inspect(kc):
    _, outputs = run(kc, "({ a: 1, b: [1, 2, 3], s: 'x' })")
    assert only(outputs, "execute_result")[0]["content"]["data"] == {"text/plain": "{ a: 1, b: [ 1, 2, 3 ], s: 'x' }"}


def test_error_traceback_is_trimmed_to_the_cell_with_cell_line_numbers(kc):
    code = "function inner(n: number): number {\n  if (n > 2) {\n    throw new RangeError(`n too big: ${n}`);\n  }\n  return n;\n}\ninner(5);"
    reply, outputs = run(kc, code)
    count = reply["content"]["execution_count"]
    error = only(outputs, "error")[0]["content"]
    assert (error["ename"], error["evalue"]) == ("RangeError", "n too big: 5")
    text = "\n".join(error["traceback"])
    assert f"at inner (cell [{count}], line 3, column 11)" in text
    assert f"(cell [{count}], line 7, column 1)" in text
    assert "node:" not in text and "executor-process" not in text
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "RangeError"


def test_type_errors_are_compile_errors_that_name_the_cell_line_once(kc):
    reply, outputs = run(kc, "const a = 1;\nconst b: string = a;")
    error = only(outputs, "error")[0]["content"]
    assert error["ename"] == "TSError"  # a compile error, not the runtime TypeError
    assert "TS2322" in error["evalue"]
    assert any("line 2, column 7" in line for line in error["traceback"])
    assert sum("const b: string = a;" in line for line in error["traceback"]) == 1


def test_syntax_errors_are_reported_as_syntax_errors(kc):
    reply, outputs = run(kc, "let = = ;")
    error = only(outputs, "error")[0]["content"]
    assert error["ename"] == "SyntaxError"
    assert "Cannot find name" not in error["evalue"]
    assert "(TS1" in error["evalue"]


def test_convlab_error_reaches_the_cell_with_its_rule(kc):
    _, outputs = run(kc, "conv2dOutputShape({ input: [4, 4], kernel: 0 })")
    error = only(outputs, "error")[0]["content"]
    assert error["ename"] == "ConvLabError"
    assert "kernel" in error["evalue"]


def test_streams_keep_their_order_and_names(kc):
    _, outputs = run(kc, 'console.log("a"); console.error("b"); process.stdout.write("c\\n")')
    streams = [(m["content"]["name"], m["content"]["text"]) for m in only(outputs, "stream")]
    assert streams == [("stdout", "a\n"), ("stderr", "b\n"), ("stdout", "c\n")]


def test_display_update_and_clear_output(kc):
    code = (
        'const shown = display("first", { displayId: "status", metadata: { tag: 1 } });\n'
        'shown.update("second");\n'
        'updateDisplay("status", "third");\n'
        "clearOutput({ wait: true });"
    )
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok"
    kinds = [m["msg_type"] for m in outputs if m["msg_type"] != "execute_input"]
    assert kinds == ["display_data", "update_display_data", "update_display_data", "clear_output"]
    first = outputs[1]["content"]
    assert first["transient"] == {"display_id": "status"}
    assert first["metadata"] == {"tag": 1}
    assert [m["content"]["data"]["text/plain"] for m in outputs[2:4]] == ["'second'", "'third'"]
    assert outputs[4]["content"] == {"wait": True}
    assert not only(outputs, "execute_result")  # a display handle shows nothing by itself


def test_progress_display_updates_in_place(kc):
    code = 'const bar = progress(4, { label: "conv", intervalMs: 0 });\nfor (let i = 0; i < 4; i++) bar.tick();'
    _, outputs = run(kc, code)
    shown = only(outputs, "display_data")
    updates = only(outputs, "update_display_data")
    assert len(shown) == 1 and len(updates) == 4
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert {u["content"]["transient"]["display_id"] for u in updates} == {display_id}
    assert updates[-1]["content"]["data"]["text/plain"].endswith("4/4 (100%)")
    assert '<progress value="4" max="4">' in updates[-1]["content"]["data"]["text/html"]


def test_inspect_returns_the_helpers_tsdoc(kc):
    reply = kc.inspect("conv2d(", 6, reply=True, timeout=TIMEOUT)
    content = reply["content"]
    assert content["found"] is True
    text = content["data"]["text/plain"]
    assert "conv2d(input: Tensor, weight: Tensor" in text
    assert "PyTorch" in text  # from conv2d's TSDoc
    assert "@example" in text


def test_complete_knows_names_from_earlier_cells(kc):
    run(kc, "const paddingDemo = 1;")
    reply = kc.complete("paddingD", 8, reply=True, timeout=TIMEOUT)
    assert reply["content"]["matches"] == ["paddingDemo"]
    assert (reply["content"]["cursor_start"], reply["content"]["cursor_end"]) == (0, 8)


def test_is_complete_statuses(kc):
    def status(code: str) -> dict:
        return shell_reply(kc, kc.is_complete(code))["content"]

    assert status("const x = 1")["status"] == "complete"
    incomplete = status("for (let i = 0; i < 3; i++) {")
    assert incomplete == {"status": "incomplete", "indent": "  "}
    assert status("const = ;")["status"] == "invalid"


def test_silent_and_store_history_and_user_expressions(kc):
    first, _ = run(kc, "let counter = 10;")
    count = first["content"]["execution_count"]
    silent, outputs = run(kc, "counter += 1; counter", silent=True)
    assert silent["content"]["status"] == "ok"
    assert not only(outputs, "execute_input") and not only(outputs, "execute_result")
    unstored, _ = run(kc, "counter += 1", store_history=False)
    assert unstored["content"]["execution_count"] == count  # not incremented
    reply, _ = run(kc, "counter", user_expressions={"double": "counter * 2", "bad": "nope("})
    assert reply["content"]["execution_count"] == count + 1
    expressions = reply["content"]["user_expressions"]
    assert expressions["double"] == {"status": "ok", "data": {"text/plain": "24"}, "metadata": {}}
    assert expressions["bad"]["status"] == "error"


def test_stop_on_error_aborts_only_requests_already_queued(kc):
    failing = kc.execute("await new Promise((r) => setTimeout(r, 300)); throw new Error('first')")
    queued = kc.execute("1 + 1")
    assert shell_reply(kc, failing)["content"]["status"] == "error"
    assert shell_reply(kc, queued)["content"]["status"] == "aborted"
    # No abort window: a request sent right after the error runs normally.
    after = kc.execute("2 + 2")
    assert shell_reply(kc, after)["content"]["status"] == "ok"


def test_stop_on_error_false_lets_queued_requests_run(kc):
    failing = kc.execute("await new Promise((r) => setTimeout(r, 300)); throw new Error('x')", stop_on_error=False)
    queued = kc.execute("3 + 3")
    assert shell_reply(kc, failing)["content"]["status"] == "error"
    assert shell_reply(kc, queued)["content"]["status"] == "ok"


def test_history_is_persisted_across_kernel_restarts(kernel, history_file):
    km, kc = kernel
    run(kc, "const persisted = 'padding'")
    run(kc, "persisted.length")
    tail = kc.history(hist_access_type="tail", n=2, output=True, reply=True, timeout=TIMEOUT)["content"]["history"]
    assert [row[2] for row in tail] == [["const persisted = 'padding'", None], ["persisted.length", "7"]]
    session = tail[0][0]
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=TIMEOUT)
    rows = kc.history(hist_access_type="range", session=-1, start=1, stop=3, reply=True, timeout=TIMEOUT)
    assert [r[2] for r in rows["content"]["history"]] == ["const persisted = 'padding'", "persisted.length"]
    assert rows["content"]["history"][0][0] == session
    found = kc.history(hist_access_type="search", pattern="*persisted*", reply=True, timeout=TIMEOUT)
    assert len(found["content"]["history"]) == 2
    with open(history_file) as f:
        assert len(f.read().splitlines()) == 2


def test_pager_payload_for_question_mark(kc):
    reply, _ = run(kc, "maxPool2d?")
    payload = reply["content"]["payload"]
    assert payload[0]["source"] == "page"
    assert "function maxPool2d" in payload[0]["data"]["text/plain"]


def test_input_request_on_stdin(kc):
    msg_id = kc.execute('const name = await input("name? "); `hello ${name}`', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=TIMEOUT)
    assert request["msg_type"] == "input_request"
    assert request["content"] == {"prompt": "name? ", "password": False}
    kc.input("Ada")
    outputs = collect_iopub(kc, msg_id)
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'hello Ada'"


def test_input_without_stdin_is_an_error(kc):
    _, outputs = run(kc, 'await input("x")', allow_stdin=False)
    assert "StdinNotImplementedError" in only(outputs, "error")[0]["content"]["evalue"]


def test_comms_open_message_and_close(kc):
    code = (
        'registerCommTarget("echo", (comm, data) => {\n'
        '  comm.send({ opened: data });\n'
        "  comm.onMessage((d) => comm.send({ echo: d }));\n"
        '  comm.onClose(() => console.log("closed"));\n'
        "});"
    )
    run(kc, code)
    session = kc.session
    comm_id = "comm-test-1"
    open_msg = session.msg("comm_open", {"comm_id": comm_id, "target_name": "echo", "data": {"x": 1}})
    kc.shell_channel.send(open_msg)
    info = kc.comm_info(target_name="echo", reply=True, timeout=TIMEOUT) if hasattr(kc, "comm_info") else None
    if info is None:
        raise AssertionError("jupyter_client has no comm_info")
    assert info["content"]["comms"] == {comm_id: {"target_name": "echo"}}
    kc.shell_channel.send(session.msg("comm_msg", {"comm_id": comm_id, "data": {"y": 2}}))
    seen = []
    deadline = time.monotonic() + TIMEOUT
    while len(seen) < 2 and time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "comm_msg":
            seen.append(msg["content"]["data"])
    assert seen == [{"opened": {"x": 1}}, {"echo": {"y": 2}}]
    kc.shell_channel.send(session.msg("comm_close", {"comm_id": comm_id, "data": {}}))
    info = kc.comm_info(reply=True, timeout=TIMEOUT)
    assert info["content"]["comms"] == {}


def test_comm_open_to_an_unknown_target_is_closed(kc):
    kc.shell_channel.send(kc.session.msg("comm_open", {"comm_id": "c2", "target_name": "nobody", "data": {}}))
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["msg_type"] == "comm_close":
            assert msg["content"]["comm_id"] == "c2"
            return
    raise AssertionError("no comm_close")


def test_messages_with_a_bad_signature_are_dropped(kernel):
    km, kc = kernel
    forged = Session(key=b"not-the-key", username="mallory")
    bad = forged.msg("execute_request", {"code": "globalThis.forged = true", "silent": False, "store_history": True,
                                         "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.connect(f"tcp://{km.ip}:{km.shell_port}")
    forged.send(sock, bad)
    time.sleep(0.5)
    sock.close(0)
    reply, outputs = run(kc, "typeof (globalThis as any).forged")
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'undefined'"


def test_sockets_bind_only_to_the_connection_address(kernel):
    km, _ = kernel
    pid = km.provisioner.process.pid
    listening = [c for c in psutil.Process(pid).net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
    ports = {km.shell_port, km.iopub_port, km.stdin_port, km.control_port, km.hb_port}
    assert {c.laddr.port for c in listening} == ports
    assert {c.laddr.ip for c in listening} == {km.ip}


def test_import_from_convlab_works_in_any_directory(tmp_path):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": str(tmp_path / "h.jsonl")}, cwd=str(tmp_path))
    try:
        code = 'import { corr2d, tensor } from "convlab";\ncorr2d(tensor([[0, 1, 2], [3, 4, 5], [6, 7, 8]]), tensor([[0, 1], [2, 3]]))'
        reply, outputs = run(kc, code)
        assert reply["content"]["status"] == "ok", outputs
        # D2L 6.2.1: the book's corr2d example gives [[19, 25], [37, 43]].
        text = only(outputs, "execute_result")[0]["content"]["data"]["text/plain"]
        assert "19" in text and "25" in text and "37" in text and "43" in text
        reply, _ = run(kc, 'process.cwd()')
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_shutdown_request_stops_the_kernel(history_file):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file})
    try:
        reply = kc.shutdown(restart=False)  # sent on the control channel
        msg = kc.control_channel.get_msg(timeout=TIMEOUT)
        assert msg["msg_type"] == "shutdown_reply"
        assert msg["content"] == {"status": "ok", "restart": False}
        deadline = time.monotonic() + 10
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not km.is_alive()
        assert reply
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_cells_see_the_public_cell_api_and_not_the_kernel_plumbing(kc):
    reply, outputs = run(kc, "typeof display + ' ' + typeof registerCommTarget")
    assert only(outputs, "execute_result")[0]["content"]["data"]["text/plain"] == "'function function'"
    for name in ("connectCellApi", "deliverCommOpen", "isSilentResult"):
        reply, outputs = run(kc, f'import {{ {name} }} from "convlab/kernel";')
        assert reply["content"]["status"] == "error", name
        assert "TS2305" in only(outputs, "error")[0]["content"]["evalue"]  # has no exported member
