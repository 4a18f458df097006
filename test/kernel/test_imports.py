"""Imports from Node and npm over ZeroMQ: declaration-emit errors (TS4023 and kin) never fail a
cell, and ES-module-only, CommonJS and dual packages installed in the notebook's directory load
by static import (named, default, namespace) and by `await import()`, with their types.

The packages are the fixtures in fixture-packages/, packed and installed with npm into a
temporary notebook directory. Expected values follow Node's module rules (the `import`
condition for an import, `require` for a require) and the fixtures' own source."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import only, result_text, run, start_kernel

FIXTURES = Path(__file__).parent / "fixture-packages"
PACKAGES = ["esm-typed", "esm-untyped", "cjs-typed", "dual-conditions", "esm-top-level-await"]




@pytest.mark.parametrize(
    ("cell", "use", "expected"),
    [
        ("const fs = await import('node:fs');", "typeof fs.existsSync", "'function'"),
        ("import * as fsp from 'node:fs/promises';", "typeof fsp.readFile", "'function'"),
        ("const stream = await import('node:stream');", "typeof stream.Readable", "'function'"),
        ("const zlib = require('node:zlib') as typeof import('node:zlib');", "typeof zlib.gzipSync", "'function'"),
        ("const reader = require('node:fs').createReadStream('/dev/null');", "typeof reader.close", "'function'"),
        ("const ajvModule = await import('ajv');", "typeof ajvModule.default", "'function'"),
        ("import { createHash } from 'node:crypto';", "createHash('sha256').update('').digest('hex').slice(0, 8)", "'e3b0c442'"),
        ("import path from 'path';", "path.join('a', 'b')", "'a/b'"),
        # estree-walker 3 from the project's node_modules (the kernel's cwd here): its `exports`
        # has only `types` and `import`. Walking enters nodes depth first (ESTree order).
        (
            "import { walk } from 'estree-walker';\nconst seen: string[] = [];\n"
            "walk({ type: 'ExpressionStatement', expression: { type: 'Literal', value: 1 } }, "
            "{ enter(node) { seen.push(node.type); } });",
            "seen.join(',')",
            "'ExpressionStatement,Literal'",
        ),
        ("const walker = await import('estree-walker');", "typeof walker.walk", "'function'"),
        ("import * as walkerNs from 'estree-walker';", "typeof walkerNs.asyncWalk", "'function'"),
    ],
)
def test_namespace_imports_and_inferred_types_compile_and_are_usable_in_later_cells(kc, cell, use, expected):
    reply, outputs = run(kc, cell)
    assert reply["content"]["status"] == "ok", only(outputs, "error")
    assert result_text(kc, use) == expected


@pytest.fixture(scope="module")
def notebook_dir(tmp_path_factory) -> Path:
    """A notebook directory with the fixture packages installed by npm (packed, then installed)."""
    root = tmp_path_factory.mktemp("esm-notebook")
    tarballs = root / "tarballs"
    tarballs.mkdir()
    npm = shutil.which("npm")
    assert npm, "npm is needed to install the fixture packages"
    for name in PACKAGES:
        subprocess.run([npm, "pack", "--pack-destination", str(tarballs), str(FIXTURES / name)],
                       check=True, capture_output=True, cwd=root)
    (root / "package.json").write_text(json.dumps({"name": "notebook", "private": True}))
    subprocess.run([npm, "install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts",
                    *sorted(str(t) for t in tarballs.iterdir())], check=True, capture_output=True, cwd=root)
    for name in PACKAGES:
        assert (root / "node_modules" / name / "package.json").is_file()
    return root


@pytest.fixture(scope="module")
def esm_kernel(notebook_dir, tmp_path_factory):
    history = tmp_path_factory.mktemp("esm-history") / "history.jsonl"
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": str(history)}, cwd=str(notebook_dir))
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


# Each row: a cell that imports, then an expression of a later cell and its expected value
# (from the fixture's source: greet → `hello, ${name}`, double → 2x, shout → upper case + "!", …).
@pytest.mark.parametrize(
    ("cell", "use", "expected"),
    [
        # ES-module-only, types only through `exports` (a Node10 resolver finds no types here).
        ("import { greet } from 'esm-typed';", "greet('ada')", "'hello, ada'"),
        ("import double from 'esm-typed';", "double(21)", "42"),
        ("import * as typed from 'esm-typed';", "typed.format", "'esm'"),
        ("const typedDynamic = await import('esm-typed');", "typedDynamic.greet('bob')", "'hello, bob'"),
        ("const { default: twice } = await import('esm-typed');", "twice(4)", "8"),
        # ES-module-only without types (an untyped module is `any`).
        ("import { shout } from 'esm-untyped';", "shout('hi')", "'HI!'"),
        ("const untyped = await import('esm-untyped');", "untyped.shout('ok')", "'OK!'"),
        # CommonJS.
        ("import { triple } from 'cjs-typed';", "triple(3)", "9"),
        ("import * as cjs from 'cjs-typed';", "cjs.kind", "'cjs'"),
        ("const cjsDynamic = await import('cjs-typed');", "cjsDynamic.triple(2)", "6"),
        # Dual: an import gets the `import` build, a require the `require` build (Node's rule).
        ("import { flavour } from 'dual-conditions';", "flavour", "'import'"),
        ("const dualDynamic = await import('dual-conditions');", "dualDynamic.flavour", "'import'"),
        ("const dualRequired = require('dual-conditions');", "dualRequired.flavour", "'require'"),
        # A module with a top-level await (Node's synchronous require cannot load it).
        ("import { loaded } from 'esm-top-level-await';", "loaded", "'after a top-level await'"),
        ("const awaited = await import('esm-top-level-await');", "awaited.loaded", "'after a top-level await'"),
    ],
)
def test_esm_cjs_and_dual_packages_load_by_static_and_dynamic_import(esm_kernel, cell, use, expected):
    started = time.monotonic()
    reply, outputs = run(esm_kernel, cell)
    print(f"{cell!r} answered in {time.monotonic() - started:.3f} s")
    assert reply["content"]["status"] == "ok", only(outputs, "error")
    assert result_text(esm_kernel, use) == expected


def test_a_wrong_use_of_an_esm_only_export_is_a_type_error(esm_kernel):
    reply, outputs = run(esm_kernel, "import { greet as hello } from 'esm-typed';\nconst n: number = hello('x');")
    assert reply["content"]["status"] == "error"
    error = only(outputs, "error")[0]["content"]
    assert error["ename"] == "TSError"
    # TS2322: greet returns `string` (its index.d.ts), which is not assignable to `number`.
    assert "TS2322" in error["evalue"] and "'string'" in error["evalue"] and "'number'" in error["evalue"]


def test_a_dynamic_import_is_typed_from_the_package_declarations(esm_kernel):
    reply, outputs = run(esm_kernel, "const typedLater = await import('esm-typed');\ntypedLater.greet(1);")
    assert reply["content"]["status"] == "error"
    assert "TS2345" in only(outputs, "error")[0]["content"]["evalue"]
    reply, outputs = run(esm_kernel, "import { nothere } from 'esm-typed';")
    assert reply["content"]["status"] == "error"
    # TS2614 (TS2305's form for a module with a default export): no exported member 'nothere'.
    evalue = only(outputs, "error")[0]["content"]["evalue"]
    assert "TS2614" in evalue and "has no exported member 'nothere'" in evalue


def test_estree_walker_types_are_honoured(kc):
    reply, outputs = run(kc, "import { walk as walkTree } from 'estree-walker';\nwalkTree(42, {});")
    assert reply["content"]["status"] == "error"
    # TS2345: 42 is not an ESTree Node (the package's types/index.d.ts).
    assert "TS2345" in only(outputs, "error")[0]["content"]["evalue"]


def test_a_missing_package_is_a_clear_error(esm_kernel):
    reply, outputs = run(esm_kernel, "const missing = await import('no-such-package-here');")
    assert reply["content"]["status"] == "error"
    assert "no-such-package-here" in only(outputs, "error")[0]["content"]["evalue"]


def test_esm_imports_survive_a_replaced_executor(notebook_dir, tmp_path):
    km, kc = start_kernel({"CONVLAB_HISTORY_FILE": str(tmp_path / "h.jsonl"), "CONVLAB_INTERRUPT_GRACE_MS": "1000"},
                          cwd=str(notebook_dir))
    try:
        run(kc, "import { greet } from 'esm-typed';\nimport { loaded } from 'esm-top-level-await';")
        msg_id = kc.execute("for (;;) await null;")
        time.sleep(1.0)
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        reply = kc.get_shell_msg(timeout=60)
        assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error"
        assert result_text(kc, "greet(loaded)") == "'hello, after a top-level await'"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
