"""The local JupyterHub: a student logs in through the hub, their server starts with the lecture
copied into their home and opened by default, and a cell runs on the ConvLab kernel over the
kernel websocket."""

from __future__ import annotations

import asyncio
import json

from local_hub import LocalHub
from student import Student

LECTURE = "lecture/05-feature-maps.ipynb"


def test_a_student_logs_in_starts_a_server_and_runs_a_convlab_cell(hub: LocalHub) -> None:
    async def scenario() -> None:
        async with Student(hub.url, "ada") as ada:
            await ada.log_in()
            await ada.start_server()
            # The lecture is in the student's home (the chart's postStart hook) and opens by default.
            notebook = await ada.get_contents(LECTURE)
            assert notebook["content"]["metadata"]["kernelspec"]["name"] == "convlab"
            async with ada.session.get(f"{ada.server_url}/", headers={"Authorization": f"token {ada.token}"}, allow_redirects=False) as r:
                assert r.status in (301, 302)
                assert r.headers["Location"].split("?")[0].endswith(f"/user/ada/lab/tree/{LECTURE}")
            # Homework goes to the shared directory here: nbgrader's server extensions stay unloaded.
            async with ada.session.get(f"{ada.server_url}/assignments", headers=ada._auth) as r:
                assert r.status == 404
            kernel_id = await ada.open_session(LECTURE)
            kernel = await ada.kernel(kernel_id)
            try:
                await kernel.wait_ready()
                # Dive into Deep Learning, 7.2.1: corr2d(X, K) for X = 0..8 (3x3), K = [[0,1],[2,3]].
                result = await kernel.execute("corr2d(arange(9).reshape(3, 3), tensor([[0, 1], [2, 3]])).tolist()")
            finally:
                await kernel.close()
            assert result.status == "ok", result.outputs
            assert [o["output_type"] for o in result.outputs] == ["execute_result"]
            assert json.loads(result.outputs[0]["data"]["text/plain"].replace(" ", "")) == [[19, 25], [37, 43]]
            await ada.stop_server()

    asyncio.run(scenario())


def test_the_hub_listens_on_loopback_only(hub: LocalHub) -> None:
    assert hub.url.startswith("http://127.0.0.1:")
    listening = [line.split() for line in open("/proc/net/tcp").read().splitlines()[1:]]
    ours = [f for f in listening if f[3] == "0A" and int(f[1].split(":")[1], 16) == hub.port]
    assert ours and all(f[1].split(":")[0] == "0100007F" for f in ours)


def test_convlab_hub_starts_the_hub_and_ctrl_c_stops_everything(tmp_path) -> None:  # noqa: ANN001
    """`convlab hub` (what `npm run hub` runs): the hub answers on the port asked for, and Ctrl+C
    stops it with every process it started."""
    import os
    import signal
    import subprocess
    import time
    import urllib.request
    from pathlib import Path

    from local_hub import free_port

    root = Path(__file__).resolve().parents[2]
    port, state = free_port(), tmp_path / "state"
    cli = subprocess.Popen(
        ["node", str(root / "bin" / "convlab.js"), "hub", "--port", str(port), "--state", str(state)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/api/", timeout=5) as r:
                    assert json.load(r)["version"]
                    break
            except OSError:
                assert cli.poll() is None, cli.stdout.read().decode() if cli.stdout else ""
                time.sleep(0.5)
        else:
            raise AssertionError("convlab hub did not answer within 120 s")
        os.killpg(cli.pid, signal.SIGINT)  # Ctrl+C in the terminal reaches the whole group
        assert cli.wait(timeout=90) == 0
        left = LocalHub(state, port=port).leftover_pids()
        assert left == [], [Path(f"/proc/{p}/cmdline").read_bytes() for p in left]
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
