"""The feature-map lecture exported to HTML reads without JupyterLab: executed on the real kernel
(nbclient), exported with the project's nbconvert template, opened in Debian's Chromium. Every
feature-map figure is a labelled PNG that loads, fits 1200 px, and has real alt text (not
nbconvert's placeholder); the page's screenshot is kept in build/html/ for a person to look at.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
LECTURE = ROOT / "notebooks" / "lecture" / "05-feature-maps.ipynb"
FEATUREMAPS_MIME = "application/vnd.convlab.featuremaps.v1+json"

sys.path.insert(0, str(ROOT / "scripts"))
from notebooks import html_exporter  # noqa: E402


def test_feature_map_lecture_exports_to_html_with_alt_text(tmp_path: Path):
    nb = nbformat.read(LECTURE, as_version=4)
    NotebookClient(nb, kernel_name="convlab", timeout=120, resources={"metadata": {"path": str(LECTURE.parent)}}).execute()
    figures = [o for c in nb.cells for o in c.get("outputs", []) if FEATUREMAPS_MIME in o.get("data", {})]
    assert figures, "the lecture shows feature-map figures"
    alts = [o["metadata"]["image/png"]["alt"] for o in figures]
    assert all(a.startswith("Feature maps of ") for a in alts), alts

    body, _ = html_exporter().from_notebook_node(nb)
    page = tmp_path / "05-feature-maps.html"
    page.write_text(body, encoding="utf-8")
    shot = ROOT / "build" / "html" / "05-feature-maps.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        ["node", str(ROOT / "test" / "support" / "screenshot-html.mjs"), str(page), str(shot)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    images = json.loads(run.stdout)
    shown = [i for i in images if i["alt"] in alts]
    assert len(shown) == len(figures), images
    # nbconvert's HTML priority puts SVG before PNG: a figure with an SVG fallback shows that (as an
    # <img>, so it runs nothing), at the size its metadata gives, with the PNG's alt text
    with_svg = [o for o in figures if "image/svg+xml" in o["data"]]
    assert with_svg, "the lecture's figures carry an SVG fallback"
    svg_alts = {o["metadata"]["image/png"]["alt"]: o["metadata"]["image/svg+xml"]["width"] for o in with_svg}
    for image in shown:
        if image["alt"] in svg_alts:
            assert image["src"].startswith("data:image/svg+xml"), image
            assert image["naturalWidth"] == svg_alts[image["alt"]], image
    for image in shown:
        assert image["complete"] and image["naturalWidth"] > 0, image
        assert image["naturalWidth"] <= 1200, image
        assert image["alt"] != "No description has been provided for this image"
    assert shot.stat().st_size > 10_000
