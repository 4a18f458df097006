"""The deployment files, checked statically (no Docker daemon or Kubernetes here): the Helm values
parse and point at the image and the lecture; the Dockerfile installs by running the project's
own setup (no second list of packages) and verifies the result at build time."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "jupyterhub"
VALUES = yaml.safe_load((DEPLOY / "values.yaml").read_text())
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()
LECTURE = "lecture/05-feature-maps.ipynb"


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(l for l in DOCKERFILE.splitlines() if not l.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def setup_stages() -> set[str]:
    return set(re.findall(r"^stage_(\w+)\(\) \{", (ROOT / "scripts" / "setup.sh").read_text(), re.M))


def test_values_reference_the_image_built_from_the_dockerfile() -> None:
    image = VALUES["singleuser"]["image"]
    assert image["name"].endswith("/convlab-singleuser")
    assert f"-t {image['name']}:{image['tag']} ." in DOCKERFILE
    assert f"{image['name']}:{image['tag']}" in (ROOT / "docs" / "jupyterhub.md").read_text()


def test_values_open_the_lecture_that_the_image_holds() -> None:
    singleuser = VALUES["singleuser"]
    assert singleuser["defaultUrl"] == f"/lab/tree/{LECTURE}"
    assert (ROOT / "notebooks" / LECTURE).is_file()
    # The image keeps the notebooks where the hook copies them from.
    assert singleuser["extraEnv"]["CONVLAB_COURSE_DIR"] == "/srv/convlab/notebooks"
    assert "COPY --chown=root:root . /srv/convlab" in DOCKERFILE


def test_the_post_start_hook_gives_the_student_the_notebooks_and_a_handin_folder(tmp_path: Path) -> None:
    command = VALUES["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    home, exchange = tmp_path / "home", tmp_path / "exchange"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "JUPYTERHUB_USER": "ada",
           "CONVLAB_COURSE_DIR": str(ROOT / "notebooks"), "CONVLAB_EXCHANGE_DIR": str(exchange)}
    subprocess.run(command, env=env, check=True, timeout=60)
    assert (home / LECTURE).read_bytes() == (ROOT / "notebooks" / LECTURE).read_bytes()
    assert (home / "handin").resolve() == (exchange / "inbound" / "ada").resolve()
    # A student's edit survives the next start.
    (home / LECTURE).write_text("edited")
    subprocess.run(command, env=env, check=True, timeout=60)
    assert (home / LECTURE).read_text() == "edited"


def test_values_size_and_cull_servers_and_mount_the_exchange() -> None:
    singleuser = VALUES["singleuser"]
    units = {"K": 2**10, "M": 2**20, "G": 2**30}

    def size(text: str) -> int:
        return int(float(text[:-1]) * units[text[-1]])

    assert 0 < size(singleuser["memory"]["guarantee"]) <= size(singleuser["memory"]["limit"])
    assert 0 < float(singleuser["cpu"]["guarantee"]) <= float(singleuser["cpu"]["limit"])
    assert VALUES["cull"]["enabled"] is True and VALUES["cull"]["timeout"] > 0
    mounts = {m["name"]: m["mountPath"] for m in singleuser["storage"]["extraVolumeMounts"]}
    volumes = {v["name"] for v in singleuser["storage"]["extraVolumes"]}
    assert mounts["convlab-exchange"] == singleuser["extraEnv"]["CONVLAB_EXCHANGE_DIR"]
    assert "convlab-exchange" in volumes


def test_dockerfile_installs_by_running_setup_only() -> None:
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "ARG" and "quay.io/jupyter/" in instructions[0][1]  # Jupyter Docker Stacks
    assert instructions[1] == ("FROM", "${BASE_IMAGE}")
    runs = [args for kind, args in instructions if kind == "RUN"]
    assert any(args.startswith("bash scripts/setup.sh") for args in runs)
    everything = " ".join(runs)
    # No second list of packages: setup installs npm, pip and Debian packages, the image does not.
    for forbidden in ("pip install", "npm ci", "npm install", "apt-get install", "convlab.js install"):
        assert forbidden not in everything, forbidden
    only = next(args for kind, args in instructions if kind == "ENV" and args.startswith("CONVLAB_SETUP_ONLY="))
    stages = set(only.split("=", 1)[1].strip('"').split())
    assert stages <= setup_stages(), stages - setup_stages()
    # What a student's server needs; not the browser that drives the project's own UI tests.
    assert {"dataset", "npm", "native", "build", "venv", "labextension", "install"} <= stages
    assert "chromium" not in stages


def test_dockerfile_verifies_the_install_at_build_time() -> None:
    runs = " ".join(args for kind, args in dockerfile_instructions() if kind == "RUN")
    assert "jupyter kernelspec list" in runs and "convlab " in runs
    assert re.search(r"jupyter labextension list .*convlab-labextension .*enabled.*OK", runs)
    assert "convlab.js data check" in runs
    # The venv setup made is what JupyterHub starts (jupyterhub-singleuser) for every user.
    assert "PATH=/srv/convlab/.venv/bin:" in DOCKERFILE


def test_the_nbgrader_variant_overlays_only_maps_and_configures_nbgrader_for_students() -> None:
    overlay = yaml.safe_load((DEPLOY / "values-nbgrader.yaml").read_text())

    def lists(node: object, path: str = "") -> list[str]:
        if isinstance(node, dict):
            return [p for key, value in node.items() for p in lists(value, f"{path}.{key}")]
        return [path] if isinstance(node, list) else []

    # Helm replaces lists when it merges values files: an overlay list would drop values.yaml's.
    assert lists(overlay) == []
    singleuser = overlay["singleuser"]
    config_path = VALUES["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"]
    # The overlay swaps the two files that keep nbgrader out of students' servers (same keys).
    assert set(VALUES["singleuser"]["extraFiles"]) < set(singleuser["extraFiles"])
    files = {f["mountPath"]: f["stringData"] for f in singleuser["extraFiles"].values()}
    assert all(path.startswith(config_path + "/") for path in files)
    nbgrader_config = files[f"{config_path}/nbgrader_config.py"]
    assert 'os.environ["CONVLAB_EXCHANGE_DIR"]' in nbgrader_config  # the volume values.yaml mounts
    assert "CONVLAB_EXCHANGE_DIR" in VALUES["singleuser"]["extraEnv"]
    assert 'c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]' in nbgrader_config
    disabled = json.loads(files[f"{config_path}/labconfig/page_config.json"])["disabledExtensions"]
    assert disabled["@jupyter/nbgrader:formgrader"] is True
    server = json.loads(files[f"{config_path}/jupyter_server_config.d/convlab-student.json"])
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions["nbgrader.server_extensions.formgrader"] is False
    assert extensions["nbgrader.server_extensions.assignment_list"] is True


def test_without_the_nbgrader_variant_students_servers_do_not_load_nbgrader() -> None:
    singleuser = VALUES["singleuser"]
    config_path = singleuser["extraEnv"]["JUPYTER_CONFIG_PATH"]
    files = {f["mountPath"]: f["stringData"] for f in singleuser["extraFiles"].values()}
    server = json.loads(files[f"{config_path}/jupyter_server_config.d/convlab-student.json"])
    assert not any(server["ServerApp"]["jpserver_extensions"].values())
    assert all(name.startswith("nbgrader.") for name in server["ServerApp"]["jpserver_extensions"])
    page = json.loads(files[f"{config_path}/labconfig/page_config.json"])
    assert page["disabledExtensions"] == {"@jupyter/nbgrader": True}
