"""A whole class on the local JupyterHub (`npm run bench:class`).

N simulated students arrive spread uniformly over --arrival seconds (0: all at once). Each logs in
through the hub's login form, starts their server, opens lecture 05 through the Jupyter server
REST API, starts a ConvLab kernel over the websocket, executes every code cell and checks every
output against the notebook's committed outputs (output kinds, mime types, text), then hands in a
generated homework notebook to the shared exchange (all must arrive). Reported per N:
p50/p95/max time from arrival to a running server and to the first cell result, per-cell time;
memory per student (their Jupyter server + ConvLab kernel processes, RSS and PSS); CPU seconds per
student for the lecture; errors. One fresh hub per N; everything on 127.0.0.1; bounded by
--timeout and by at most 200 students.

  npm run bench:class -- --students 10,25 --arrival 0
  npm run bench:class -- --students 50 --arrival 300 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))

from local_hub import LocalHub  # noqa: E402
from student import CellResult, Student, handed_in, homework_notebook  # noqa: E402

LECTURE = "lecture/05-feature-maps.ipynb"
HOMEWORK = "homework-01.ipynb"
MAX_STUDENTS = 200
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# --- what the processes of one student cost ------------------------------------------------------


@dataclass
class ProcessCost:
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    cpu_s: float = 0.0
    processes: int = 0

    def add(self, other: ProcessCost) -> None:
        self.rss_mb += other.rss_mb
        self.pss_mb += other.pss_mb
        self.cpu_s += other.cpu_s
        self.processes += other.processes


def process_cost(pid: int) -> ProcessCost:
    """RSS and PSS (smaps_rollup) and CPU time, its own and its reaped children's."""
    proc = Path("/proc") / str(pid)
    rollup: dict[str, int] = {}
    for line in (proc / "smaps_rollup").read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            rollup[parts[0].rstrip(":")] = int(parts[1])
    stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(stat[i]) for i in (11, 12, 13, 14))
    return ProcessCost(rollup.get("Rss", 0) / 1024, rollup.get("Pss", 0) / 1024, (utime + stime + cutime + cstime) / TICKS, 1)


def processes_by_user(hub: LocalHub) -> dict[str, list[tuple[int, str]]]:
    """pid and command line of every process started for each student (from their environment)."""
    marker = f"CONVLAB_HUB_STATE={hub.state}".encode()
    found: dict[str, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker not in environ:
            continue
        user = next((v[len(b"JUPYTERHUB_USER=") :].decode() for v in environ if v.startswith(b"JUPYTERHUB_USER=")), None)
        if user:
            found.setdefault(user, []).append((int(entry.name), cmdline))
    return found


def is_kernel(cmdline: str) -> bool:
    return "jupyterhub-singleuser" not in cmdline


def cost_of(pids: list[tuple[int, str]], kernel_only: bool = False) -> ProcessCost:
    total = ProcessCost()
    for pid, cmdline in pids:
        if kernel_only and not is_kernel(cmdline):
            continue
        try:
            total.add(process_cost(pid))
        except OSError:
            continue
    return total


def kernel_memory() -> list[tuple[str, ProcessCost]]:
    """One ConvLab kernel alone (jupyter_client, the kernelspec setup installed): its processes'
    memory idle (started, settled, nothing run), after a first cell, after a feature-map figure."""
    from jupyter_client.manager import KernelManager

    def tree(pid: int) -> list[int]:
        children = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    children.extend(tree(int(entry.name)))
            except OSError:
                continue
        return [pid, *children]

    def measure() -> ProcessCost:
        time.sleep(3)  # let the executor process finish starting / collecting
        total = ProcessCost()
        for pid in tree(km.provisioner.process.pid):  # type: ignore[union-attr]
            total.add(process_cost(pid))
        return total

    km = KernelManager(kernel_name="convlab")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        stages = [("idle", measure())]
        kc.execute_interactive("1 + 1", timeout=120, output_hook=lambda _msg: None)
        stages.append(("after a first cell", measure()))
        figure = 'featureMaps({ images: (await loadFashionMnist("test")).select({ indices: [0] }), kernels: ["sobel-x"], variants: [{ padding: 1 }] }); 0'
        kc.execute_interactive(figure, timeout=120, output_hook=lambda _msg: None)
        stages.append(("after a feature-map figure", measure()))
        return stages
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# --- one student ----------------------------------------------------------------------------------


@dataclass
class StudentRun:
    name: str
    server_s: float = math.nan
    first_result_s: float = math.nan
    cells: list[CellResult] = field(default_factory=list)
    failed_cells: int = 0
    error: str = ""


def expected_outputs(cell: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """What must match: each output's kind, its mime types and its text."""
    summary = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            summary.append((kind, output["name"], "".join(output["text"]) if isinstance(output["text"], list) else output["text"]))
        elif kind in ("execute_result", "display_data"):
            text = output["data"].get("text/plain", "")
            summary.append((kind, sorted(output["data"]), "".join(text) if isinstance(text, list) else text))
        else:
            summary.append((kind, output.get("ename"), output.get("evalue")))
    return summary


async def one_student(hub: LocalHub, name: str, delay: float, run: StudentRun, token: str) -> None:
    await asyncio.sleep(delay)
    arrived = time.monotonic()
    try:
        async with Student(hub.url, name) as student:
            await student.log_in()
            await student.start_server()
            run.server_s = time.monotonic() - arrived
            notebook = (await student.get_contents(LECTURE))["content"]
            kernel_id = await student.open_session(LECTURE)
            kernel = await student.kernel(kernel_id)
            try:
                await kernel.wait_ready()
                for cell in (c for c in notebook["cells"] if c["cell_type"] == "code"):
                    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                    result = await kernel.execute(source)
                    if not run.cells:
                        run.first_result_s = time.monotonic() - arrived
                    run.cells.append(result)
                    if result.status != "ok" or expected_outputs({"outputs": result.outputs}) != expected_outputs(cell):
                        run.failed_cells += 1
                        if not run.error:
                            run.error = f"cell {len(run.cells)}: {result.status}: {str(result.outputs)[:300]}"
            finally:
                await kernel.close()
            await student.hand_in(HOMEWORK, homework_notebook(name, token))
    except Exception as exc:  # noqa: BLE001 (every failure is counted and reported)
        run.error = run.error or f"{type(exc).__name__}: {exc}"[:300]


# --- one class -------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    values = sorted(v for v in values if not math.isnan(v))
    if not values:
        return math.nan
    rank = max(0, math.ceil(q / 100 * len(values)) - 1)
    return values[rank]


async def memory_watch(stop: asyncio.Event, samples: list[int]) -> None:
    while not stop.is_set():
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                samples.append(int(line.split()[1]) // 1024)
        try:
            await asyncio.wait_for(stop.wait(), 2)
        except TimeoutError:
            pass


async def run_class(students: int, arrival: float, timeout: float, state: Path) -> dict[str, Any]:
    names = [f"student{i:03d}" for i in range(students)]
    runs = [StudentRun(name) for name in names]
    tokens = {name: uuid.uuid4().hex for name in names}
    with LocalHub(state) as hub:
        hub_cost_before = cost_of([(hub.process.pid, "hub")]) if hub.process else ProcessCost()
        stop = asyncio.Event()
        available: list[int] = []
        watcher = asyncio.create_task(memory_watch(stop, available))
        started = time.monotonic()
        tasks = [
            one_student(hub, name, arrival * i / students if students > 1 else 0, run, tokens[name])
            for i, (name, run) in enumerate(zip(names, runs, strict=True))
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout)
        except TimeoutError:
            for run in runs:
                run.error = run.error or f"not finished within --timeout {timeout} s"
        wall = time.monotonic() - started
        # Every student has run the lecture; kernels and servers are still up: their cost now.
        by_user = processes_by_user(hub)
        costs = [cost_of(by_user.get(name, [])) for name in names]
        kernel_costs = [cost_of(by_user.get(name, []), kernel_only=True) for name in names]
        stop.set()
        await watcher
        collected = handed_in(hub.exchange, HOMEWORK, tokens)
        hub_cost = cost_of([(hub.process.pid, "hub")]) if hub.process else ProcessCost()
    running = [c for c in costs if c.processes]
    cell_ms = [c.seconds * 1000 for r in runs for c in r.cells]
    mean = lambda xs: sum(xs) / len(xs) if xs else math.nan  # noqa: E731
    return {
        "students": students,
        "arrival_s": arrival,
        "failed_cells": sum(r.failed_cells for r in runs) + sum(1 for r in runs if r.error and not r.cells),
        "errors": [f"{r.name}: {r.error}" for r in runs if r.error],
        "wall_s": wall,
        "server": [percentile([r.server_s for r in runs], q) for q in (50, 95, 100)],
        "first_result": [percentile([r.first_result_s for r in runs], q) for q in (50, 95, 100)],
        "cell_ms": [percentile(cell_ms, q) for q in (50, 95, 100)],
        "rss_mb": mean([c.rss_mb for c in running]),
        "pss_mb": mean([c.pss_mb for c in running]),
        "kernel_rss_mb": mean([c.rss_mb for c in kernel_costs if c.processes]),
        "kernel_pss_mb": mean([c.pss_mb for c in kernel_costs if c.processes]),
        "cpu_s": mean([c.cpu_s for c in running]),
        "hub_cpu_s": hub_cost.cpu_s - hub_cost_before.cpu_s,
        "min_mem_available_mb": min(available) if available else math.nan,
        "cores": os.cpu_count(),
        "handed_in": sum(collected.values()),
    }


def record(result: dict[str, Any]) -> dict[str, Any]:
    """The issue's record, exactly these keys."""
    return {
        "students": result["students"],
        "arrival_s": result["arrival_s"],
        "failed_cells": result["failed_cells"],
        "p50_first_result_s": round(result["first_result"][0], 2),
        "p95_first_result_s": round(result["first_result"][1], 2),
        "p95_cell_ms": round(result["cell_ms"][1], 1),
        "mem_per_student_mb": round(result["pss_mb"], 1),
        "cpu_s_per_student": round(result["cpu_s"], 2),
    }


def table(results: list[dict[str, Any]], solo: dict[str, Any] | None) -> str:
    def triple(values: list[float], fmt: str) -> str:
        return " / ".join(format(v, fmt) for v in values)

    lines = [
        "ConvLab class on the local JupyterHub (lecture 05, every cell; p50 / p95 / max)",
        f"{'N':>4} {'arrival':>7} {'failed':>6} {'server s':>20} {'first result s':>20} {'cell ms':>24} "
        f"{'RSS MB':>7} {'PSS MB':>7} {'kernel PSS':>10} {'CPU s':>6} {'wall s':>6}",
    ]
    for r in results:
        lines.append(
            f"{r['students']:>4} {r['arrival_s']:>7g} {r['failed_cells']:>6} {triple(r['server'], '.1f'):>20} "
            f"{triple(r['first_result'], '.1f'):>20} {triple(r['cell_ms'], '.0f'):>24} {r['rss_mb']:>7.0f} "
            f"{r['pss_mb']:>7.0f} {r['kernel_pss_mb']:>10.0f} "
            f"{r['cpu_s']:>6.1f} {r['wall_s']:>6.0f}"
        )
    lines.append("memory and CPU per student: their Jupyter server + ConvLab kernel (protocol + executor processes)")
    for r in results:
        lines.append(
            f"N={r['students']}: hub CPU {r['hub_cpu_s']:.1f} s; lowest MemAvailable {r['min_mem_available_mb']:.0f} MB; "
            f"{r['cores']} cores; homework handed in and collected: {r['handed_in']}/{r['students']}; "
            f"errors: {len(r['errors'])}"
        )
        lines.extend(f"  {e}" for e in r["errors"][:10])
    if solo:
        lines.append(
            f"reference, one student alone in the same run: server {solo['server'][0]:.1f} s, first result "
            f"{solo['first_result'][0]:.1f} s, CPU {solo['cpu_s']:.1f} s, PSS {solo['pss_mb']:.0f} MB"
        )
        for r in results:
            lines.append(
                f"N={r['students']}: p95 first result {r['first_result'][1] / solo['first_result'][0]:.1f}x alone, "
                f"p95 server {r['server'][1] / solo['server'][0]:.1f}x alone, "
                f"PSS per student {r['pss_mb'] / solo['pss_mb']:.2f}x alone"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", default="10", help="comma-separated class sizes (default 10)")
    parser.add_argument("--arrival", type=float, default=30, help="arrivals spread over this many seconds (default 30)")
    parser.add_argument("--timeout", type=float, default=1200, help="give up on a class after this many seconds")
    parser.add_argument("--json", action="store_true", help='print {"results": [one record per N]}')
    parser.add_argument("--no-reference", action="store_true", help="skip the one-student reference run")
    parser.add_argument("--full-json", type=Path, help="also write every measured figure to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.students.split(",")]
    if any(n < 1 or n > MAX_STUDENTS for n in sizes):
        parser.error(f"--students: each class size must be 1..{MAX_STUDENTS}")
    results = []
    solo = None
    if not args.no_reference and not args.json:
        for label, cost in kernel_memory():
            print(f"one ConvLab kernel, {label}: RSS {cost.rss_mb:.0f} MB, PSS {cost.pss_mb:.0f} MB ({cost.processes} processes)")
        with tempfile.TemporaryDirectory(prefix="convlab-class-") as state:
            print("reference: one student alone ...", flush=True)
            solo = asyncio.run(run_class(1, 0, args.timeout, Path(state)))
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="convlab-class-") as state:
            if not args.json:
                print(f"class of {n}, arriving over {args.arrival:g} s ...", flush=True)
            results.append(asyncio.run(run_class(n, args.arrival, args.timeout, Path(state))))
    if args.full_json:
        args.full_json.write_text(json.dumps({"reference_one_student": solo, "results": results}, indent=2))
    if args.json:
        print(json.dumps({"results": [record(r) for r in results]}))
    else:
        print(table(results, solo))
    sys.exit(1 if any(r["failed_cells"] or r["handed_in"] != r["students"] for r in results) else 0)


if __name__ == "__main__":
    main()
