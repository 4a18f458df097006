"""The project's JupyterLab (the venv's) does not show the "official Jupyter news" prompt: setup
writes fetchNews = "false" into the overrides of the venv's JupyterLab, which JupyterLab itself
reports as its application settings directory. The user's own settings are not involved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_news_prompt_is_off_in_the_venv_jupyterlab():
    settings_dir = subprocess.run(
        [sys.executable, "-c", "from jupyterlab.labapp import LabApp; print(LabApp().app_settings_dir)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(settings_dir).resolve().is_relative_to((ROOT / ".venv").resolve())
    overrides = json.loads((Path(settings_dir) / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
