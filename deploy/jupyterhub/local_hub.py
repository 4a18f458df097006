"""A real JupyterHub on this machine: JupyterHub from PyPI, configurable-http-proxy from npm, one
local server process per student, the dummy authenticator, the ConvLab kernel and extension that
scripts/setup.sh installed into .venv, everything on 127.0.0.1. The configuration is values.yaml,
the Helm values of the Kubernetes deployment (see jupyterhub_config.py).

  npm run hub                         # prints the URL; log in with any name and password; Ctrl+C stops
  npm run hub -- --port 8123 --state /tmp/hub
  npm run hub -- --variant nbgrader   # homework through nbgrader's exchange (values-nbgrader.yaml)
  (`npm run hub` is `convlab hub`, which runs this file with the venv's Python.)

From Python (tests, the class benchmark): `with LocalHub(state_dir) as hub: hub.url ...`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    """A port nobody listens on now (the kernel picks it; 8888 is never chosen by it in practice)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port != 8888:
            return port


class LocalHub:
    """Starts JupyterHub with deploy/jupyterhub/jupyterhub_config.py; stops it and every process it
    started (the proxy, the students' servers and kernels) on exit."""

    def __init__(
        self, state: Path, port: int | None = None, log: Path | None = None, values: list[str] | None = None
    ) -> None:
        self.state = state.resolve()
        # Helm values overlays applied on top of values.yaml, relative to the project root.
        self.values = list(values or [])
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log or self.state / "hub.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    def home(self, username: str) -> Path:
        return self.state / "home" / username

    def start(self, timeout: float = 120) -> LocalHub:
        self.state.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "CONVLAB_HUB_STATE": str(self.state),
            "CONVLAB_HUB_PORT": str(self.port),
            "CONVLAB_HUB_HUB_PORT": str(free_port()),
            "CONVLAB_HUB_PROXY_API_PORT": str(free_port()),
            "CONVLAB_HUB_VALUES": os.pathsep.join(self.values),
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        env.pop("JUPYTERHUB_API_TOKEN", None)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
            cwd=self.state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"JupyterHub did not answer on {self.url} within {timeout} s; see {self.log_path}")

    def stop(self, timeout: float = 60) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            # SIGTERM: the hub stops the students' servers (cleanup_servers) and the proxy.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        # A kernel's executor notices its kernel's death by itself (a watchdog), a moment later;
        # whatever is still there is killed, and stop() returns once it is gone.
        deadline = time.monotonic() + 10
        while (left := self.leftover_pids()) and time.monotonic() < deadline:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
        self.process = None

    def leftover_pids(self) -> list[int]:
        """Processes started for this hub (they carry its state directory in their environment)."""
        marker = f"CONVLAB_HUB_STATE={self.state}".encode()
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
        return pids

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--state", type=Path, default=None, help="directory for the database, homes, exchange")
    parser.add_argument(
        "--values", action="append", default=[], help="a Helm values overlay (relative to the project root)"
    )
    args = parser.parse_args()
    state = args.state or Path(tempfile.mkdtemp(prefix="convlab-hub-"))
    hub = LocalHub(state, port=args.port, values=args.values)

    def interrupted(signum: int, frame: object) -> None:
        # Ctrl+C reaches this process twice under `convlab hub` (from the terminal and forwarded by
        # the CLI): the first one stops the hub, and nothing may cut that stop short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    try:
        # Inside the try: Ctrl+C while the hub is still starting stops what has started.
        hub.start()
        print(f"JupyterHub with ConvLab: {hub.url}  (log in with any name and password; Ctrl+C stops)")
        print(f"state: {state} (homes, the homework exchange, the log hub.log)", flush=True)
        assert hub.process is not None
        hub.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
        if args.state is None and os.environ.get("CONVLAB_HUB_KEEP") != "1":
            shutil.rmtree(state, ignore_errors=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
