"""Fixtures: a real ConvLab kernel (the kernelspec setup.sh installed into .venv) driven over
ZeroMQ by jupyter_client. Every test gets its own history file so runs do not share state."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

KERNEL_NAME = "convlab"
TIMEOUT = 60


def start_kernel(env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[KernelManager, BlockingKernelClient]:
    km = KernelManager(kernel_name=KERNEL_NAME)
    kernel_env = {**os.environ, **(env or {})}
    km.start_kernel(env=kernel_env, cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


@pytest.fixture
def history_file(tmp_path) -> str:
    return str(tmp_path / "history.jsonl")


@pytest.fixture
def kernel(history_file: str) -> Iterator[tuple[KernelManager, BlockingKernelClient]]:
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": history_file})
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.fixture
def kc(kernel) -> BlockingKernelClient:
    return kernel[1]


def run(kc: BlockingKernelClient, code: str, timeout: float = TIMEOUT, **kwargs: Any) -> tuple[dict, list[dict]]:
    """Executes code; returns the execute_reply and the IOPub messages of that request."""
    outputs: list[dict] = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append, **kwargs)
    return reply, [m for m in outputs if m["msg_type"] != "status"]


def only(messages: list[dict], msg_type: str) -> list[dict]:
    return [m for m in messages if m["msg_type"] == msg_type]


def result_text(kc: BlockingKernelClient, code: str) -> str:
    """Runs a cell that must succeed; its result's text/plain."""
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok", only(outputs, "error") or reply["content"]
    return only(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


def first_child(process: Any) -> Any:
    """A process's first child (a kernel's executor), waiting for it to start."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        children = process.children()
        if children:
            return children[0]
        time.sleep(0.05)
    raise AssertionError(f"no child of process {process.pid}")


def gone(pids: list[int], within: float) -> bool:
    """Whether none of `pids` runs (zombies count as ended) within `within` seconds."""
    import psutil

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in pids):
            return True
        time.sleep(0.05)
    return False


def collect_iopub(kc: BlockingKernelClient, parent_id: str, timeout: float = TIMEOUT) -> list[dict]:
    """IOPub messages of one request, up to its idle status."""
    messages: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != parent_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages
        messages.append(msg)
    raise AssertionError(f"no idle status for {parent_id} within {timeout} s")


def shell_reply(kc: BlockingKernelClient, msg_id: str, timeout: float = TIMEOUT) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise AssertionError(f"no shell reply for {msg_id} within {timeout} s")


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class WarmPool:
    """A real warm pool (`node dist/kernel/pool/main.js <socket> <directory>`), as `convlab lab` runs it."""

    def __init__(self, socket_path: str, directory: str) -> None:
        import subprocess

        self.socket_path = socket_path
        self.process = subprocess.Popen(
            ["node", os.path.join(ROOT, "dist", "kernel", "pool", "main.js"), socket_path, directory],
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(socket_path):
            assert self.process.poll() is None, "the pool ended at start"
            assert time.monotonic() < deadline, "the pool never listened"
            time.sleep(0.05)

    def env(self, **extra: str) -> dict[str, str]:
        return {"CONVLAB_POOL_SOCKET": self.socket_path, **extra}

    def spare(self) -> list[int]:
        """Pids of the pool's warm kernel nobody adopted yet, and of its executor."""
        import psutil

        pids: list[int] = []
        for child in psutil.Process(self.process.pid).children():
            if "convlab-kernel (launcher" not in " ".join(child.cmdline()):
                pids += [child.pid, *(c.pid for c in child.children(recursive=True))]
        return pids

    def wait_warm(self, timeout: float = TIMEOUT) -> None:
        """Waits until the spare's executor is up and idle (its compiler built)."""
        import psutil

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.spare()
            if len(pids) >= 2 and all(psutil.Process(p).cpu_percent(interval=0.2) < 5 for p in pids):
                return
            time.sleep(0.1)
        raise AssertionError("the pool's spare kernel never became warm")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=TIMEOUT)


@pytest.fixture
def warm_pool(tmp_path) -> Iterator[WarmPool]:
    directory = tmp_path / "notebooks"
    directory.mkdir()
    pool = WarmPool(str(tmp_path / "pool.sock"), str(directory))
    yield pool
    pool.stop()
