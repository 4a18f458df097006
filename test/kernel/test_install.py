"""`convlab install` writes a kernelspec that Jupyter itself lists, with no Python involved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def install(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(ROOT / "bin" / "convlab.js"), "install", *args],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False)


def kernelspecs(jupyter_path: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"], capture_output=True,
                         text=True, env={**os.environ, "JUPYTER_PATH": str(jupyter_path)}, check=True)
    return json.loads(out.stdout)["kernelspecs"]


def test_prefix_install_is_listed_by_jupyter_with_logos_and_interrupt_mode(tmp_path):
    result = install("--prefix", str(tmp_path))
    assert result.returncode == 0, result.stderr
    spec = kernelspecs(tmp_path / "share" / "jupyter")["convlab"]
    assert spec["spec"]["display_name"] == "TypeScript (ConvLab)"
    assert spec["spec"]["language"] == "typescript"
    assert spec["spec"]["interrupt_mode"] == "signal"
    files = sorted(p.name for p in Path(spec["resource_dir"]).iterdir())
    assert files == ["kernel.json", "logo-32x32.png", "logo-64x64.png"]
    for size in (32, 64):
        png = (Path(spec["resource_dir"]) / f"logo-{size}x{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == size and int.from_bytes(png[20:24], "big") == size


def test_user_install_goes_to_the_xdg_data_dir(tmp_path):
    result = install("--user", env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "jupyter" / "kernels" / "convlab" / "kernel.json").is_file()


def test_two_targets_at_once_is_a_clear_error(tmp_path):
    result = install("--user", "--prefix", str(tmp_path))
    assert result.returncode == 2
    assert "choose at most one of --user, --sys-prefix, --prefix DIR" in result.stderr


def test_sys_prefix_without_an_environment_says_what_to_do():
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
    result = subprocess.run(["node", str(ROOT / "bin" / "convlab.js"), "install", "--sys-prefix"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 2
    assert "--prefix" in result.stderr


def test_prefix_install_also_installs_the_jupyterlab_extension_enabled_and_ok(tmp_path):
    result = install("--prefix", str(tmp_path))
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "JUPYTER_PATH": str(tmp_path / "share" / "jupyter")}
    listing = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True,
                             text=True, env=env, check=True)
    text = listing.stdout + listing.stderr
    line = next(line for line in text.splitlines() if "convlab-labextension" in line)
    assert "enabled" in line and "OK" in line
    assert str(tmp_path) in text


def test_user_install_puts_the_extension_beside_the_kernel(tmp_path):
    result = install("--user", env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "jupyter" / "labextensions" / "convlab-labextension" / "package.json").is_file()
