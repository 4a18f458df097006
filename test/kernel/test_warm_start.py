"""Start-up work the kernel does not do: a cell's local modules stay watched (an edited module is
compiled again) while TypeScript's lib files and node_modules are not watched at all."""

from __future__ import annotations

import time

from conftest import run, start_kernel


def test_an_edited_local_module_is_compiled_again(tmp_path):
    helper = tmp_path / "helper.ts"
    helper.write_text("export const answer: number = 41;\n")
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": str(tmp_path / "history.jsonl")}, cwd=str(tmp_path))
    try:
        reply, messages = run(kc, 'import { answer } from "./helper";\nanswer')
        assert reply["content"]["status"] == "ok", reply["content"]
        assert [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"] == ["41"]
        helper.write_text("export const answer: number = 42;\n")
        time.sleep(1.0)  # the file watcher's event
        reply, messages = run(kc, 'import { answer as again } from "./helper";\nagain')
        assert reply["content"]["status"] == "ok", reply["content"]
        assert [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"] == ["42"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
