"""Execute ConvLab's notebooks on the ConvLab kernel, or export them to HTML.

    .venv/bin/python scripts/notebooks.py execute [NOTEBOOK ...]   # run, store outputs in place
    .venv/bin/python scripts/notebooks.py check [NOTEBOOK ...]     # run, keep files unchanged, fail on errors
    .venv/bin/python scripts/notebooks.py html [NOTEBOOK ...]      # export to build/html/
    .venv/bin/python scripts/notebooks.py sync-zh                  # copy code cells into the Chinese edition

With no notebook given, every notebook under notebooks/ is used (homework solutions included, checkpoints not;
homework sources are run but never written back: the student versions are generated from them).
Execution prints one progress line per cell; a notebook with an error output fails the command.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "convlab"
CELL_TIMEOUT_S = 120


def all_notebooks() -> list[Path]:
    return sorted(
        p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and p.parent.name != "student"
    )


class ProgressClient(NotebookClient):
    """An nbclient client that reports each cell as it finishes."""

    def __init__(self, nb, name: str, **kwargs):
        super().__init__(nb, **kwargs)
        self._name = name
        self._code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
        self._done = 0

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if cell.cell_type == "code":
            self._done += 1
            width = 30
            filled = width * self._done // max(1, self._code_cells)
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if self._done == self._code_cells else "\r"
            print(f"  {self._name}: [{bar}] {self._done}/{self._code_cells} cells", end=end, flush=True)
        return result


def error_outputs(nb) -> list[str]:
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
    return found


def execute(path: Path, write: bool) -> float:
    nb = nbformat.read(path, as_version=4)
    client = ProgressClient(
        nb,
        path.relative_to(ROOT).as_posix(),
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        print(f"\n  {path.relative_to(ROOT)}: a cell failed:\n{error}", file=sys.stderr)
        raise SystemExit(1) from None
    elapsed = time.perf_counter() - started
    problems = error_outputs(nb)
    if problems:
        print(f"\n  {path.relative_to(ROOT)} has error outputs: {problems}", file=sys.stderr)
        raise SystemExit(1)
    if write:
        nbformat.write(nb, path)
    return elapsed


def html_exporter():
    """nbconvert's HTML exporter with ConvLab's template (scripts/nbconvert/convlab: the lab
    template, plus the alt text of PNG outputs from their metadata)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="convlab", extra_template_basedirs=[str(ROOT / "scripts" / "nbconvert")])


def export_html(paths: list[Path]) -> None:
    out = ROOT / "build" / "html"
    exporter = html_exporter()
    for path in paths:
        body, _ = exporter.from_filename(str(path))
        target = out / path.relative_to(NOTEBOOKS).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        print(f"  {path.relative_to(ROOT)} -> {target.relative_to(ROOT)}")


def sync_chinese_edition() -> None:
    """Copies every code cell of the English notebooks into their Chinese edition (notebooks/*/zh/), by cell id.

    Markdown stays as translated; a cell that exists in only one edition is reported, since it needs a translation
    (or removal) by hand. test/notebooks/test_editions.py fails while the editions' code differs.
    """
    problems = []
    for english in sorted(p for folder in ("lecture", "exercises") for p in (NOTEBOOKS / folder).glob("*.ipynb")):
        chinese = english.parent / "zh" / english.name
        if not chinese.is_file():
            problems.append(f"{chinese.relative_to(ROOT)} is missing")
            continue
        en, zh = nbformat.read(english, as_version=4), nbformat.read(chinese, as_version=4)
        by_id = {c.get("id"): c for c in zh.cells}
        if [c.get("id") for c in en.cells] != [c.get("id") for c in zh.cells]:
            problems.append(f"{chinese.relative_to(ROOT)}: cells differ from {english.relative_to(ROOT)} (add or remove them by hand)")
            continue
        changed = 0
        for cell in en.cells:
            target = by_id[cell.get("id")]
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and (target.source, target.metadata.get("tags", [])) != (cell.source, tags):
                target.source = cell.source
                if tags:
                    target.metadata["tags"] = tags
                else:
                    target.metadata.pop("tags", None)
                target.outputs, target.execution_count = [], None
                changed += 1
        if changed:
            nbformat.write(zh, chinese)
            print(f"  {chinese.relative_to(ROOT)}: {changed} code cells updated (run execute on it)")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["execute", "check", "html", "sync-zh"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    if args.command == "sync-zh":
        sync_chinese_edition()
        return
    paths = [p.resolve() for p in args.notebooks] or all_notebooks()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    if args.command == "html":
        export_html(paths)
        return
    total = 0.0
    for path in paths:
        # Homework sources keep no outputs: `convlab assign` makes the committed student versions
        # from them, byte for byte. They are still run (a check), just not written back.
        keep = args.command == "execute" and (NOTEBOOKS / "homework") not in path.parents
        total += execute(path, write=keep)
    print(f"executed {len(paths)} notebooks in {total:.1f} s")


if __name__ == "__main__":
    main()
