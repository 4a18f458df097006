"""The Chinese edition (notebooks/lecture/zh/, notebooks/exercises/zh/) is the English edition with its prose
translated: the same cells in the same order, the same tags, and byte-identical code, so the two cannot drift.
The launcher's default settings offer both editions, and the paths exist.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ENGLISH = sorted(
    p for folder in ("lecture", "exercises") for p in (NOTEBOOKS / folder).glob("*.ipynb")
)
CHINESE = sorted(p for folder in ("lecture", "exercises") for p in (NOTEBOOKS / folder / "zh").glob("*.ipynb"))
HAN = re.compile(r"[\u4e00-\u9fff]")
# The terms of the book's Chinese edition (《动手学深度学习》, 6.3 填充和步幅)
BOOK_TERMS = ["填充", "步幅", "卷积核", "互相关运算", "汇聚层", "感受野"]


def chinese_of(english: Path) -> Path:
    return english.parent / "zh" / english.name


def rel(path: Path) -> str:
    return path.relative_to(NOTEBOOKS).as_posix()


def test_every_notebook_has_exactly_one_chinese_edition():
    assert ENGLISH, "no English notebooks found"
    assert [rel(chinese_of(p)) for p in ENGLISH] == [rel(p) for p in CHINESE]


@pytest.mark.parametrize("english", ENGLISH, ids=rel)
def test_code_cells_are_identical_in_both_editions(english: Path):
    en = nbformat.read(english, as_version=4)
    zh = nbformat.read(chinese_of(english), as_version=4)
    layout = lambda nb: [(c.cell_type, c.get("id"), c.metadata.get("tags", [])) for c in nb.cells]  # noqa: E731
    assert layout(zh) == layout(en), "the editions must have the same cells, in the same order, with the same tags"
    for en_cell, zh_cell in zip(en.cells, zh.cells):
        if en_cell.cell_type == "code":
            assert zh_cell.source == en_cell.source, f"code cell {en_cell.get('id')} differs between the editions"
    assert zh.metadata.get("kernelspec") == en.metadata.get("kernelspec")


@pytest.mark.parametrize("english", ENGLISH, ids=rel)
def test_chinese_prose_is_translated(english: Path):
    en = nbformat.read(english, as_version=4)
    zh = nbformat.read(chinese_of(english), as_version=4)
    for en_cell, zh_cell in zip(en.cells, zh.cells):
        if en_cell.cell_type == "markdown":
            assert HAN.search(zh_cell.source), f"markdown cell {en_cell.get('id')} is not in Chinese"
            assert zh_cell.source != en_cell.source


def test_the_chinese_edition_uses_the_books_terms():
    prose = "".join(
        c.source for p in CHINESE for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown"
    )
    assert [t for t in BOOK_TERMS if t not in prose] == []


def test_the_launcher_offers_both_editions_by_default():
    schema = json.loads((ROOT / "labextension" / "schema" / "plugin.json").read_text(encoding="utf-8"))
    paths = schema["properties"]["lectureNotebooks"]["default"]
    assert len(paths) == 2
    english, chinese = (ROOT / p for p in paths)
    assert english.is_file() and chinese.is_file(), paths
    assert chinese == chinese_of(english)
