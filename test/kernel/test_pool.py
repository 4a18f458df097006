"""The warm pool (`convlab lab` runs one): a kernel Jupyter starts is served by a kernel the pool
started and warmed before anyone asked, in the launcher's directory and environment, and it dies
with its launcher like any kernel. Over ZeroMQ, with jupyter_client, as a notebook server does it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from conftest import TIMEOUT, first_child, gone, only, result_text, run, start_kernel, WarmPool

DEATH_BOUND = 2.0




def served_by(km) -> psutil.Process:
    """The protocol process serving a launcher: a child of the pool, titled after the launcher."""
    title = f"convlab-kernel (launcher {km.provisioner.process.pid})"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for proc in psutil.process_iter(["cmdline"]):
            if title in " ".join(proc.info["cmdline"] or []):
                return proc
        time.sleep(0.05)
    raise AssertionError(f"no process titled {title!r}")






def pooled_kernel(pool: WarmPool, cwd: Path, tmp_path: Path, **env: str):
    return start_kernel(pool.env(CONVLAB_HISTORY_FILE=str(tmp_path / "history.jsonl"), **env), cwd=str(cwd))


def test_a_warm_kernel_serves_in_the_launchers_directory_and_environment(warm_pool, tmp_path):
    notebooks = tmp_path / "notebooks"
    (notebooks / "helper.ts").write_text("export const answer: number = 42;\n")
    warm_pool.wait_warm()
    spare = warm_pool.spare()
    km, kc = pooled_kernel(warm_pool, notebooks, tmp_path, CONVLAB_POOL_TEST="from the launcher")
    try:
        protocol = served_by(km)
        executor = first_child(protocol)
        # The warm pair is the one the pool had ready, and the launcher started no kernel itself.
        assert [protocol.pid, executor.pid] == spare[:2]
        assert psutil.Process(km.provisioner.process.pid).children() == []
        assert result_text(kc, "process.cwd()") == repr(str(notebooks))
        assert result_text(kc, "process.env.CONVLAB_POOL_TEST") == "'from the launcher'"
        assert result_text(kc, 'import { answer } from "./helper";\nanswer + 1') == "43"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_kernel_in_another_directory_moves_the_warm_executor_there(warm_pool, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "helper.ts").write_text("export const where: string = 'elsewhere';\n")
    (tmp_path / "notebooks" / "helper.ts").write_text("export const where: string = 'the pool';\n")
    warm_pool.wait_warm()
    spare = warm_pool.spare()
    km, kc = pooled_kernel(warm_pool, elsewhere, tmp_path)
    try:
        protocol = served_by(km)
        assert [protocol.pid, first_child(protocol).pid] == spare[:2]  # the warm executor, moved
        assert result_text(kc, 'import { where } from "./helper";\nwhere') == "'elsewhere'"
        assert result_text(kc, 'require("node:path").resolve(".")') == repr(str(elsewhere))
        reply, outputs = run(kc, "const wrong: string = where.length;")
        assert only(outputs, "error")[0]["content"]["ename"] == "TSError"  # the checker works there
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_kernel_with_other_memory_limits_gets_a_fresh_executor(warm_pool, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "helper.ts").write_text("export const where: string = 'elsewhere';\n")
    warm_pool.wait_warm()
    spare = warm_pool.spare()
    km, kc = pooled_kernel(warm_pool, elsewhere, tmp_path, CONVLAB_KERNEL_MEMORY_MB="1024")
    try:
        protocol = served_by(km)
        executor = first_child(protocol)
        assert protocol.pid == spare[0] and executor.pid != spare[1]
        assert "--max-old-space-size=1024" in executor.cmdline()
        assert result_text(kc, 'import { where } from "./helper";\nwhere') == "'elsewhere'"
        assert result_text(kc, "process.cwd()") == repr(str(elsewhere))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_pooled_kernels_share_no_state_and_the_pool_warms_the_next_one(warm_pool, tmp_path):
    notebooks = tmp_path / "notebooks"
    km, kc = pooled_kernel(warm_pool, notebooks, tmp_path)
    try:
        run(kc, "const secret: number = 7;\n(globalThis as any).leaked = 8;")
        assert result_text(kc, "secret") == "7"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    warm_pool.wait_warm()
    km, kc = pooled_kernel(warm_pool, notebooks, tmp_path)
    try:
        reply, outputs = run(kc, "secret")
        assert only(outputs, "error")[0]["content"]["ename"] == "TSError"
        assert result_text(kc, "typeof (globalThis as any).leaked") == "'undefined'"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_an_interrupt_from_jupyter_reaches_the_warm_kernel_and_state_survives(warm_pool, tmp_path):
    km, kc = pooled_kernel(warm_pool, tmp_path / "notebooks", tmp_path)
    try:
        run(kc, "const kept = 'kept';")
        msg_id = kc.execute("for (;;) {}")
        time.sleep(0.5)
        km.interrupt_kernel()  # SIGINT to the launcher, as the kernelspec's signal interrupt mode does
        deadline = time.monotonic() + TIMEOUT
        while True:
            msg = kc.get_shell_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id:
                break
            assert time.monotonic() < deadline
        assert msg["content"]["status"] == "error"
        assert result_text(kc, "kept") == "'kept'"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("how", ["SIGKILL", "shutdown_now", "shutdown_request"])
def test_the_warm_kernel_and_its_children_die_with_the_launcher(warm_pool, tmp_path, how):
    km, kc = pooled_kernel(warm_pool, tmp_path / "notebooks", tmp_path)
    protocol = served_by(km)
    executor = first_child(protocol)
    child = int(result_text(kc, 'require("node:child_process").spawn("sleep", ["999"]).pid'))
    if how == "SIGKILL":
        kc.execute("for (;;) {}")
        time.sleep(0.5)
        os.kill(km.provisioner.process.pid, signal.SIGKILL)
    elif how == "shutdown_now":
        km.shutdown_kernel(now=True)
    else:
        km.shutdown_kernel(now=False)  # a shutdown_request; the launcher ends when its kernel does
    kc.stop_channels()
    assert gone([protocol.pid, executor.pid, child], within=DEATH_BOUND + (3 if how == "shutdown_request" else 0))
    if how == "shutdown_request":
        assert km.provisioner is None or km.provisioner.process is None or km.provisioner.process.poll() is not None
    if how == "SIGKILL":
        km.shutdown_kernel(now=True)


def test_without_a_pool_answering_the_kernel_starts_cold(tmp_path):
    km, kc = start_kernel(
        {"CONVLAB_POOL_SOCKET": str(tmp_path / "no-pool.sock"), "CONVLAB_HISTORY_FILE": str(tmp_path / "h.jsonl")},
        cwd=str(tmp_path),
    )
    try:
        assert result_text(kc, "1 + 1") == "2"
        assert len(psutil.Process(km.provisioner.process.pid).children()) == 1  # its own executor
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_stopped_pool_ends_its_spare_and_removes_its_socket(tmp_path):
    directory = tmp_path / "notebooks"
    directory.mkdir()
    pool = WarmPool(str(tmp_path / "pool.sock"), str(directory))
    pool.wait_warm()
    spare = pool.spare()
    pool.stop()
    assert gone(spare, within=DEATH_BOUND)
    assert not os.path.exists(pool.socket_path)


def test_a_malformed_launch_request_is_refused_and_the_pool_serves_the_next(warm_pool, tmp_path):
    import socket

    warm_pool.wait_warm()
    with socket.socket(socket.AF_UNIX) as raw:
        raw.connect(warm_pool.socket_path)
        raw.sendall(b'{"connectionFile": "relative.json"}\n')
        raw.settimeout(TIMEOUT)
        assert raw.recv(100) == b""  # closed without serving
    km, kc = pooled_kernel(warm_pool, tmp_path / "notebooks", tmp_path)
    try:
        assert result_text(kc, "1 + 1") == "2"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def lab_processes(port: int, *extra: str):
    import subprocess

    from conftest import ROOT

    lab = subprocess.Popen(
        ["node", os.path.join(ROOT, "bin", "convlab.js"), "lab", "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + TIMEOUT
    for line in lab.stdout:
        if "ConvLab is ready" in line:
            break
        assert time.monotonic() < deadline, "convlab lab never announced its URL"
    children = psutil.Process(lab.pid).children()
    pools = [c for c in children if any(a.endswith("pool/main.js") for a in c.cmdline())]
    servers = [c for c in children if c not in pools]
    return lab, pools, servers


@pytest.mark.parametrize("warm", [True, False], ids=["warm-pool", "no-warm-pool"])
def test_convlab_lab_runs_a_pool_for_its_server_and_stops_it_on_ctrl_c(warm, tmp_path):
    port = 8870 + (1 if warm else 2)
    lab, pools, servers = lab_processes(port, *([] if warm else ["--no-warm-pool"]))
    try:
        assert len(servers) == 1
        environ = Path(f"/proc/{servers[0].pid}/environ").read_bytes().split(b"\0")
        sockets = [e.split(b"=", 1)[1].decode() for e in environ if e.startswith(b"CONVLAB_POOL_SOCKET=")]
        if not warm:
            assert pools == [] and sockets == []
            return
        assert len(pools) == 1 and len(sockets) == 1 and os.path.exists(sockets[0])
        family = [pools[0].pid, *(c.pid for c in pools[0].children(recursive=True))]
    finally:
        os.killpg(lab.pid, signal.SIGINT)  # Ctrl+C in the terminal
        lab.wait(timeout=TIMEOUT)
    assert gone(family + [servers[0].pid], within=10)
    assert not os.path.exists(os.path.dirname(sockets[0]))
