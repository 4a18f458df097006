"""scripts/setup.sh survives interruption and concurrency: each stage is killed (SIGKILL to the
whole process group) at a random point, setup runs again, and the result must work; two setups
started at once both succeed and do the work once. Also the stamp and the Debian-package checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from harness import ROOT, interrupt_setup, kill_group, make_copy, make_tiny, run_setup, start_setup


def sourced(root: Path, script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs bash with setup.sh's helpers and stages defined (sourcing runs no stage)."""
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; source scripts/setup.sh; {script}"],
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_ok(run, what: str) -> None:
    assert run.returncode == 0, f"{what} failed:\n{run.output}"


# ---- stamps ----------------------------------------------------------------------------------


def test_stamp_hash_covers_file_names_as_well_as_contents(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("one")
    (tmp_path / "b").write_text("two")
    first = sourced(ROOT, f"stamp_hash {tmp_path}/a {tmp_path}/b")
    (tmp_path / "a").write_text("on")
    (tmp_path / "b").write_text("etwo")  # same concatenation "onetwo", different files
    second = sourced(ROOT, f"stamp_hash {tmp_path}/a {tmp_path}/b")
    (tmp_path / "a").rename(tmp_path / "c")
    third = sourced(ROOT, f"stamp_hash {tmp_path}/c {tmp_path}/b")
    hashes = [first.stdout.strip(), second.stdout.strip(), third.stdout.strip()]
    assert all(len(h) == 64 for h in hashes), hashes
    assert len(set(hashes)) == 3


def test_stamp_of_an_unreadable_input_stops_setup_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "present").write_text("x")
    result = sourced(ROOT, f"stamp_ok probe {tmp_path}/present {tmp_path}/missing; echo reached")
    assert result.returncode != 0
    assert "reached" not in result.stdout
    assert f"{tmp_path}/missing" in result.stderr


# ---- Debian packages ---------------------------------------------------------------------------


def fake_dpkg_admindir(tmp_path: Path, package: str, status: str) -> Path:
    """A copy of dpkg's database in which `package` has the given Status line."""
    admindir = tmp_path / "dpkg"
    (admindir / "updates").mkdir(parents=True)
    (admindir / "info").mkdir()
    stanzas = Path("/var/lib/dpkg/status").read_text().split("\n\n")
    edited = []
    for stanza in stanzas:
        if stanza.startswith(f"Package: {package}\n"):
            stanza = "\n".join(f"Status: {status}" if line.startswith("Status:") else line for line in stanza.splitlines())
        edited.append(stanza)
    (admindir / "status").write_text("\n\n".join(edited))
    return admindir


def test_chromium_half_installed_by_an_interrupted_apt_is_not_taken_as_present(tmp_path: Path) -> None:
    # dpkg reads its database from DPKG_ADMINDIR: the same binary on disk, but dpkg's record
    # says an install was interrupted after unpacking, as a killed `apt-get install` leaves it.
    good = fake_dpkg_admindir(tmp_path / "good", "chromium", "install ok installed")
    half = fake_dpkg_admindir(tmp_path / "half", "chromium", "install ok half-configured")
    probe = "pkg_installed chromium && echo installed || echo missing"
    assert sourced(ROOT, probe, {"DPKG_ADMINDIR": str(good)}).stdout.strip() == "installed"
    assert sourced(ROOT, probe, {"DPKG_ADMINDIR": str(half)}).stdout.strip() == "missing"
    # The stage goes to install it (here: as if not root, so it stops and says how).
    stage = sourced(ROOT, "can_apt() { false; }; stage_chromium", {"DPKG_ADMINDIR": str(half)})
    assert stage.returncode != 0
    assert "chromium present" not in stage.stdout
    assert "install it with: sudo apt-get install -y chromium" in stage.stderr


def test_apt_get_waits_for_the_machine_wide_apt_lock(tmp_path: Path) -> None:
    lock = tmp_path / "apt.lock"
    holder = subprocess.Popen(["flock", str(lock), "sleep", "3"])
    time.sleep(0.5)
    started = time.monotonic()
    result = sourced(ROOT, "apt_get --version >/dev/null && echo ran", {"CONVLAB_APT_LOCK": str(lock)})
    waited = time.monotonic() - started
    holder.wait()
    assert result.stdout.strip() == "ran", result.stderr
    assert waited >= 2.0, f"apt_get ran after {waited:.1f} s while the lock was held"


# ---- stages killed at a random point ------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy sharing this checkout's node_modules, with a one-package requirements.txt."""
    root = make_copy(tmp_path_factory.mktemp("shared") / "convlab", share_node_modules=True)
    (root / "requirements.txt").write_text("iniconfig==2.3.1\n")
    return root


def relative_files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def assert_dist_complete(root: Path) -> None:
    """Every module of src/ compiled, byte for byte as this checkout's own build (same sources)."""
    modules = [p.relative_to(root / "src").with_suffix("") for p in (root / "src").rglob("*.ts") if not p.name.endswith(".d.ts")]
    assert modules
    for module in modules:
        for suffix in (".js", ".d.ts"):
            built = root / "dist" / f"{module}{suffix}"
            assert built.is_file(), f"missing {built}"
            assert built.read_bytes() == (ROOT / "dist" / f"{module}{suffix}").read_bytes(), f"{built} differs"
    loaded = subprocess.run(
        ["node", "-e", "import('./dist/index.js').then(m => console.log(typeof m.conv2d, typeof m.conv2dShape))"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loaded.stdout.split() == ["function", "function"], loaded.stderr


def test_build_stage_killed_at_a_random_point_is_redone(shared_copy: Path, rng) -> None:
    after = rng.uniform(0.5, 20)
    outcome = interrupt_setup(shared_copy, "build", after_s=after)
    run = run_setup(shared_copy, "build")
    assert_ok(run, f"setup after a kill at {after:.1f} s ({outcome})")
    assert_dist_complete(shared_copy)
    assert "build up to date" in run_setup(shared_copy, "build").output


def assert_labextension_complete(root: Path) -> None:
    out = root / "labextension" / "convlab_labextension"
    meta = json.loads((out / "package.json").read_text())
    entry = out / meta["jupyterlab"]["_build"]["load"]
    assert entry.is_file() and entry.stat().st_size > 0
    # The same chunks as this checkout's build (names carry content hashes; count and kinds match).
    mine = sorted(p.suffix for p in (out / "static").iterdir())
    reference = sorted(p.suffix for p in (ROOT / "labextension" / "convlab_labextension" / "static").iterdir())
    assert mine == reference


def start_and_read_verdict(root: Path, only: str, marker: str) -> tuple[subprocess.Popen[str], str]:
    """Starts setup and reads its output up to the first line that mentions `marker`."""
    proc = start_setup(root, only)
    assert proc.stdout is not None
    return proc, next((line for line in iter(proc.stdout.readline, "") if marker in line), "")


def test_labextension_stamp_covers_the_core_sources_the_bundle_imports(shared_copy: Path, rng) -> None:
    assert_ok(run_setup(shared_copy, "build labextension"), "setup")
    assert "JupyterLab extension up to date" in run_setup(shared_copy, "labextension").output
    # The bundle's validator imports conv/shape and errors through dist/figure: an edit to any of
    # them makes the extension stale and the stage starts rebuilding.
    sources = ["src/errors.ts", "src/conv/shape.ts", "src/figure/validate.ts"]
    for source in sources:
        with (shared_copy / source).open("a") as f:
            f.write("\n// edited by the setup test\n")
        proc, verdict = start_and_read_verdict(shared_copy, "labextension", "JupyterLab extension")
        assert "building the JupyterLab extension" in verdict, f"{source}: {verdict!r}"
        # The first rebuild is killed at a random point, the others as soon as they start.
        if source == sources[0]:
            after = rng.uniform(0, 30)
            deadline = time.monotonic() + after
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
        kill_group(proc)
    run = run_setup(shared_copy, "labextension")
    assert_ok(run, "setup after the kills")
    assert_labextension_complete(shared_copy)
    assert "JupyterLab extension up to date" in run_setup(shared_copy, "labextension").output
    for source in sources:
        shutil.copy2(ROOT / source, shared_copy / source)


def test_install_stage_killed_at_a_random_point_is_redone(shared_copy: Path, rng) -> None:
    assert_ok(run_setup(shared_copy, "build venv labextension"), "setup")
    after = rng.uniform(0.05, 2.0)
    interrupt_setup(shared_copy, "install", after_s=after)
    assert_ok(run_setup(shared_copy, "install"), f"setup after a kill at {after:.2f} s")
    data = shared_copy / ".venv" / "share" / "jupyter"
    spec = json.loads((data / "kernels" / "convlab" / "kernel.json").read_text())
    assert any(str(shared_copy / "dist") in arg for arg in spec["argv"]), spec["argv"]
    ext = json.loads((data / "labextensions" / "convlab-labextension" / "package.json").read_text())
    assert (data / "labextensions" / "convlab-labextension" / ext["jupyterlab"]["_build"]["load"]).is_file()


# ---- the venv ---------------------------------------------------------------------------------


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A copy whose npm project and requirements.txt hold one small package each."""
    root = make_copy(tmp_path / "convlab", share_node_modules=False)
    make_tiny(root)
    return root


def assert_venv_works(root: Path) -> None:
    pip = subprocess.run([str(root / ".venv/bin/pip"), "--version"], capture_output=True, text=True, timeout=60)
    assert pip.returncode == 0 and str(root / ".venv") in pip.stdout, pip.stdout + pip.stderr
    check = subprocess.run(
        [str(root / ".venv/bin/python"), "-c", "import iniconfig, sys; print(sys.prefix)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.stdout.strip() == str(root / ".venv"), check.stderr
    assert not (root / ".venv/.convlab-incomplete").exists()


def site_packages_pip(root: Path) -> list[Path]:
    return list((root / ".venv" / "lib").glob("python3*/site-packages/pip"))


def test_venv_killed_during_ensurepip_is_rebuilt(tiny_copy: Path) -> None:
    # The reported fault: killed after the interpreter exists but before ensurepip installed pip.
    def python_without_pip() -> bool:
        return (tiny_copy / ".venv/bin/python").exists() and not site_packages_pip(tiny_copy)

    assert interrupt_setup(tiny_copy, "venv", when=python_without_pip) == "killed"
    assert (tiny_copy / ".venv/bin/python").exists()
    run = run_setup(tiny_copy, "venv")
    assert_ok(run, "setup after the kill")
    assert "removing .venv" in run.output
    assert_venv_works(tiny_copy)


def test_venv_without_pip_left_by_an_older_setup_is_rebuilt(tiny_copy: Path) -> None:
    # The reported state: a venv without pip, no marker, and a stamp that matches requirements.txt
    # (an older setup saved it): only "pip is missing" tells.
    subprocess.run(["python3", "-m", "venv", "--without-pip", ".venv"], cwd=tiny_copy, check=True, timeout=120)
    stamp = sourced(tiny_copy, "stamp_hash requirements.txt").stdout.strip()
    (tiny_copy / ".cache" / "setup").mkdir(parents=True, exist_ok=True)
    (tiny_copy / ".cache" / "setup" / "venv").write_text(stamp + "\n")
    assert not site_packages_pip(tiny_copy)
    run = run_setup(tiny_copy, "venv")
    assert_ok(run, "setup")
    assert "removing .venv" in run.output
    assert_venv_works(tiny_copy)


def test_venv_stage_killed_at_a_random_point_is_redone(tiny_copy: Path, rng) -> None:
    after = rng.uniform(0.2, 15)
    outcome = interrupt_setup(tiny_copy, "venv", after_s=after)
    assert_ok(run_setup(tiny_copy, "venv"), f"setup after a kill at {after:.1f} s ({outcome})")
    assert_venv_works(tiny_copy)
    assert "python venv up to date" in run_setup(tiny_copy, "venv").output


def test_moved_clone_rebuilds_its_venv(tiny_copy: Path) -> None:
    assert_ok(run_setup(tiny_copy, "venv"), "setup")
    moved = tiny_copy.parent / "moved"
    tiny_copy.rename(moved)
    with pytest.raises(FileNotFoundError):  # the shebang names the old path
        subprocess.run([str(moved / ".venv/bin/pip"), "--version"], capture_output=True)
    run = run_setup(moved, "venv")
    assert_ok(run, "setup in the moved clone")
    assert "removing .venv" in run.output
    assert_venv_works(moved)


# ---- npm and concurrency ------------------------------------------------------------------------


def assert_node_modules_work(root: Path) -> None:
    ls = subprocess.run(["npm", "ls", "--all"], cwd=root, capture_output=True, text=True, timeout=60)
    assert ls.returncode == 0, ls.stdout + ls.stderr
    tsc = subprocess.run(["node", "node_modules/typescript/bin/tsc", "--version"], cwd=root, capture_output=True, text=True)
    assert tsc.stdout.strip() == "Version 5.9.3", tsc.stderr


def test_npm_stage_killed_at_a_random_point_is_redone(tiny_copy: Path, rng) -> None:
    after = rng.uniform(0.2, 4)
    outcome = interrupt_setup(tiny_copy, "npm", after_s=after)
    assert_ok(run_setup(tiny_copy, "npm"), f"setup after a kill at {after:.1f} s ({outcome})")
    assert_node_modules_work(tiny_copy)


def test_npm_killed_after_it_started_writing_node_modules_is_redone(tiny_copy: Path) -> None:
    # The old stamp would still vouch for a half-written node_modules: the stage clears it first.
    assert_ok(run_setup(tiny_copy, "npm"), "setup")
    (tiny_copy / "package.json").write_text((tiny_copy / "package.json").read_text().replace("setup-test", "setup-test2"))
    subprocess.run(["npm", "install", "--package-lock-only", "--prefer-offline", "--loglevel=error"], cwd=tiny_copy, check=True)
    shutil.rmtree(tiny_copy / "node_modules" / "typescript" / "lib")  # as if killed mid-extraction

    def stage_started() -> bool:
        return not (tiny_copy / ".cache/setup/npm").exists()

    interrupt_setup(tiny_copy, "npm", when=stage_started)
    assert_ok(run_setup(tiny_copy, "npm"), "setup")
    assert_node_modules_work(tiny_copy)


def test_two_setups_at_once_both_succeed_and_install_once(tiny_copy: Path) -> None:
    results: list[tuple[int, str]] = []

    def one() -> None:
        proc = start_setup(tiny_copy, "npm venv")
        out, _ = proc.communicate(timeout=240)
        results.append((proc.returncode, out))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [code for code, _ in results] == [0, 0], results
    both = "".join(out for _, out in results)
    assert both.count("installing npm packages (npm ci)") == 1, both
    assert both.count("creating .venv") == 1, both
    assert "waiting for it to finish" in both
    assert_node_modules_work(tiny_copy)
    assert_venv_works(tiny_copy)
