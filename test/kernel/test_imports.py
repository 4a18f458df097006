"""Imports from Node and npm: declaration-emit errors (TS4023 and kin) never fail a cell."""

from __future__ import annotations

import pytest
from conftest import only, run


def result_text(kc, code: str) -> str:
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok", reply["content"]
    return only(outputs, "execute_result")[0]["content"]["data"]["text/plain"]


@pytest.mark.parametrize(
    ("cell", "use", "expected"),
    [
        ("const fs = await import('node:fs');", "typeof fs.existsSync", "'function'"),
        ("import * as fsp from 'node:fs/promises';", "typeof fsp.readFile", "'function'"),
        ("const stream = await import('node:stream');", "typeof stream.Readable", "'function'"),
        ("const zlib = require('node:zlib') as typeof import('node:zlib');", "typeof zlib.gzipSync", "'function'"),
        ("const reader = require('node:fs').createReadStream('/dev/null');", "typeof reader.close", "'function'"),
        ("const ajvModule = await import('ajv');", "typeof ajvModule.default", "'function'"),
    ],
)
def test_namespace_imports_and_inferred_types_compile_and_are_usable_in_later_cells(kc, cell, use, expected):
    reply, outputs = run(kc, cell)
    assert reply["content"]["status"] == "ok", only(outputs, "error")
    assert result_text(kc, use) == expected
