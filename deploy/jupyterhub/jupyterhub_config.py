"""The local hub's configuration: values.yaml (the Helm values) applied as the z2jh chart applies
them, then what differs on one machine instead of Kubernetes. Started by local_hub.py, which sets
CONVLAB_HUB_STATE (a directory for the database, homes and the exchange) and the three ports.

  hub.config                      -> traitlets, as the chart's hub does
  singleuser.defaultUrl           -> Spawner.default_url
  singleuser.memory / cpu         -> Spawner.mem_limit / mem_guarantee / cpu_limit / cpu_guarantee
  singleuser.extraEnv             -> Spawner.environment (course and exchange paths made local)
  singleuser.startTimeout         -> Spawner.start_timeout
  singleuser.lifecycleHooks       -> the postStart command, run before the server starts
  singleuser.extraFiles           -> written under the state directory (their /etc/convlab/... paths
                                     moved there, and the environment variables that name them)
  values overlays (-f a -f b)     -> CONVLAB_HUB_VALUES: more values files merged on top, maps
                                     merged key by key and lists replaced, as Helm merges them
  cull.*                          -> the jupyterhub-idle-culler service, as the chart runs it
  Kubernetes (KubeSpawner)        -> SimpleLocalProcessSpawner: one process tree per student, a
                                     home directory each, everything bound to 127.0.0.1
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STATE = Path(os.environ["CONVLAB_HUB_STATE"]).resolve()


def merge_values(base: dict, overlay: dict) -> dict:
    """Helm's merge of values files: maps merge key by key, anything else (lists too) is replaced."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_values(merged[key], value)
        else:
            merged[key] = value
    return merged


VALUES = yaml.safe_load((HERE / "values.yaml").read_text())
for overlay in filter(None, os.environ.get("CONVLAB_HUB_VALUES", "").split(os.pathsep)):
    VALUES = merge_values(VALUES, yaml.safe_load((ROOT / overlay).read_text()))
BIN = Path(sys.executable).parent

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (provided by JupyterHub)

# --- the chart's settings ------------------------------------------------------------------------
for section, settings in VALUES["hub"]["config"].items():
    for key, value in settings.items():
        setattr(c[section], key, value)

singleuser = VALUES["singleuser"]
c.Spawner.default_url = singleuser["defaultUrl"]
c.Spawner.start_timeout = singleuser["startTimeout"]
c.Spawner.mem_limit = singleuser["memory"]["limit"]
c.Spawner.mem_guarantee = singleuser["memory"]["guarantee"]
c.Spawner.cpu_limit = float(singleuser["cpu"]["limit"])
c.Spawner.cpu_guarantee = float(singleuser["cpu"]["guarantee"])

environment = dict(singleuser["extraEnv"])
# The image's paths, here: the checkout's notebooks and an exchange in the state directory.
environment["CONVLAB_COURSE_DIR"] = str(ROOT / "notebooks")
environment["CONVLAB_EXCHANGE_DIR"] = str(STATE / "exchange")
# The chart mounts extraFiles into each server; here they are written once under the state
# directory, and environment variables naming their folder point there instead.
CONFIG_MOUNTS = "/etc/convlab/"


def local_path(mount_path: str) -> Path:
    if not mount_path.startswith(CONFIG_MOUNTS):
        raise ValueError(f"singleuser.extraFiles: the local hub maps only {CONFIG_MOUNTS}..., not {mount_path}")
    return STATE / mount_path.lstrip("/")


for extra in singleuser.get("extraFiles", {}).values():
    target = local_path(extra["mountPath"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(extra["stringData"])
for name, value in environment.items():
    if isinstance(value, str) and value.startswith(CONFIG_MOUNTS.rstrip("/")):
        environment[name] = str(local_path(value.rstrip("/") + "/"))
# Marks every process started for this hub (local_hub.py finds leftovers by it, the benchmark
# measures each student's processes by it).
environment["CONVLAB_HUB_STATE"] = str(STATE)
c.Spawner.environment = environment

POST_START = singleuser["lifecycleHooks"]["postStart"]["exec"]["command"]


def post_start(spawner) -> None:  # noqa: ANN001 (a JupyterHub Spawner)
    """The chart's postStart hook, run with the student's environment in their home."""
    home = Path(spawner.home_dir_template.format(username=spawner.user.name))
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **spawner.get_env(), "HOME": str(home)}
    subprocess.run(POST_START, env=env, cwd=home, check=True, timeout=120)


c.Spawner.pre_spawn_hook = post_start

cull = VALUES["cull"]
if cull["enabled"]:
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={cull['timeout']}",
                f"--cull-every={cull['every']}",
            ],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]

# --- one machine instead of Kubernetes ----------------------------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = ["--allow-root"] if os.getuid() == 0 else []
c.Spawner.ip = "127.0.0.1"
c.Spawner.http_timeout = 120

c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['CONVLAB_HUB_PORT']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["CONVLAB_HUB_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['CONVLAB_HUB_PROXY_API_PORT']}"
# configurable-http-proxy from npm (package.json, pinned).
c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
