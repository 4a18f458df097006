"""Kernel benchmark: the ConvLab kernel side by side with plain tslab's own kernel, in one run.

Measures, per kernel: start -> kernel_info reply (median of several cold starts), the first
execution after ready, `1+1` round trip (p50/p95 over many runs), and a function-definition
cell. Writes bench/results/kernel.json and prints a table with ConvLab/tslab ratios.

    npm run bench:kernel            (CONVLAB_BENCH_STARTS, CONVLAB_BENCH_RUNS to change counts)
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTS = int(os.environ.get("CONVLAB_BENCH_STARTS", "7"))
RUNS = int(os.environ.get("CONVLAB_BENCH_RUNS", "200"))
FUNCTION_CELL = "function fib(n: number): number {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}"


def write_kernelspecs(base: Path) -> None:
    """A temp JUPYTER_PATH with tslab's own kernelspec and ConvLab's (what setup.sh installs)."""
    kernels = base / "kernels"
    (kernels / "tslab").mkdir(parents=True)
    node = shutil.which("node") or "node"
    tslab = {
        "argv": [node, str(ROOT / "node_modules" / "tslab" / "bin" / "tslab"), "kernel", "--config-path", "{connection_file}"],
        "display_name": "TypeScript (tslab)",
        "language": "typescript",
    }
    (kernels / "tslab" / "kernel.json").write_text(json.dumps(tslab))
    shutil.copytree(ROOT / ".venv" / "share" / "jupyter" / "kernels" / "convlab", kernels / "convlab")


def wait_reply(kc, msg_id: str, timeout: float = 60.0) -> dict:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=0.01)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    raise TimeoutError(msg_id)


def drain_iopub(kc) -> None:
    while True:
        try:
            kc.get_iopub_msg(timeout=0.001)
        except queue.Empty:
            return


def measure(kernel_name: str, cwd: str) -> dict:
    from jupyter_client.manager import KernelManager

    ready_times: list[float] = []
    first_exec: list[float] = []
    first_result: list[float] = []
    for i in range(STARTS):
        km = KernelManager(kernel_name=kernel_name)
        t0 = time.perf_counter()
        km.start_kernel(cwd=cwd, env={**os.environ, "CONVLAB_HISTORY_FILE": os.path.join(cwd, "history.jsonl")})
        kc = km.client()
        kc.start_channels()
        msg_id = kc.kernel_info()
        wait_reply(kc, msg_id)
        t1 = time.perf_counter()
        ready_times.append(t1 - t0)
        msg_id = kc.execute("1+1")
        wait_reply(kc, msg_id)
        first_exec.append(time.perf_counter() - t1)
        first_result.append(time.perf_counter() - t0)
        if i < STARTS - 1:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    round_trips: list[float] = []
    for _ in range(RUNS):
        drain_iopub(kc)
        t = time.perf_counter()
        wait_reply(kc, kc.execute("1+1"))
        round_trips.append(time.perf_counter() - t)
    definitions: list[float] = []
    for _ in range(20):
        t = time.perf_counter()
        reply = wait_reply(kc, kc.execute(FUNCTION_CELL))
        definitions.append(time.perf_counter() - t)
        assert reply["content"]["status"] == "ok", reply["content"]
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    ms = lambda s: round(s * 1000, 2)  # noqa: E731
    q = statistics.quantiles(round_trips, n=100)
    return {
        "ready_median_ms": ms(statistics.median(ready_times)),
        "first_execution_median_ms": ms(statistics.median(first_exec)),
        "start_to_first_result_median_ms": ms(statistics.median(first_result)),
        "one_plus_one_p50_ms": ms(q[49]),
        "one_plus_one_p95_ms": ms(q[94]),
        "function_definition_median_ms": ms(statistics.median(definitions)),
    }


def main() -> int:
    base = Path(tempfile.mkdtemp(prefix="convlab-bench-"))
    write_kernelspecs(base)
    os.environ["JUPYTER_PATH"] = str(base)
    workdir = base / "work"
    workdir.mkdir()
    results = {}
    for name in ("convlab", "tslab"):
        print(f"measuring {name} ({STARTS} starts, {RUNS} round trips)...", file=sys.stderr, flush=True)
        results[name] = measure(name, str(workdir))
    targets = {"ready_median_ms": 1000, "one_plus_one_p50_ms": 8}
    rows = [
        ("start -> kernel_info reply (median)", "ready_median_ms"),
        ("first execution after ready (median)", "first_execution_median_ms"),
        ("start -> first 1+1 result (median)", "start_to_first_result_median_ms"),
        ("1+1 round trip p50", "one_plus_one_p50_ms"),
        ("1+1 round trip p95", "one_plus_one_p95_ms"),
        ("function-definition cell (median)", "function_definition_median_ms"),
    ]
    print(f"{'metric':40} {'ConvLab ms':>11} {'tslab ms':>9} {'ratio':>6}  target")
    for label, key in rows:
        ours, theirs = results["convlab"][key], results["tslab"][key]
        target = f"<= {targets[key]} ms: {'met' if ours <= targets[key] else 'MISSED'}" if key in targets else ""
        print(f"{label:40} {ours:11.2f} {theirs:9.2f} {ours / theirs:6.2f}  {target}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "kernel.json").write_text(json.dumps({"starts": STARTS, "runs": RUNS, **results}, indent=2) + "\n")
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
