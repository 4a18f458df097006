"""jupyter_kernel_test's standard conformance suite, every test enabled."""

from __future__ import annotations

import os
import tempfile
import unittest

import jupyter_kernel_test


class ConvLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "convlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'

    completion_samples = [
        # the helpers are in scope: every name ConvLab exports that TypeScript's completion matches
        # to "conv2d" (a prefix, or a camel-case word as in planConv2d)
        {
            "text": "conv2d",
            "matches": {
                "conv2d",
                "conv2dAsync",
                "conv2dOutputShape",
                "conv2dReference",
                "conv2dShape",
                "planConv2d",
                "runConv2d",
            },
        },
        {"text": "maxPool", "matches": {"maxPool2d"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 3;", "function f(a: number) { return a * 2; }"]
    incomplete_code_samples = ["function f(a: number) {", "const xs = [1, 2,", "if (true) {"]
    invalid_code_samples = ["1 +* 2", "const = 5;", "} else {"]

    code_page_something = "?conv2d"

    code_generate_error = 'throw new Error("this cell fails")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"pad" + "ding"', "result": "'padding'"},
        {"code": "conv2dOutputShape({ input: [8, 8], kernel: [3, 5], padding: [0, 1], stride: [3, 4] }).output", "result": "[ 2, 2 ]"},
    ]

    code_display_data = [
        {"code": 'display(mimeBundle({ "text/plain": "hi", "text/html": "<b>hi</b>" }))', "mime": "text/html"},
        {"code": 'display("plain text")', "mime": "text/plain"},
    ]

    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "conv2d"

    code_clear_output = "clearOutput()"

    @classmethod
    def setUpClass(cls) -> None:
        cls._history_dir = tempfile.TemporaryDirectory()
        os.environ["CONVLAB_HISTORY_FILE"] = os.path.join(cls._history_dir.name, "history.jsonl")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        os.environ.pop("CONVLAB_HISTORY_FILE", None)
        cls._history_dir.cleanup()


class ConvLabPooledKernelTests(ConvLabKernelTests):
    """The same suite through a warm pool (`convlab lab` runs one): the kernel Jupyter starts is
    the pool's warm kernel, adopted by the launcher."""

    @classmethod
    def setUpClass(cls) -> None:
        from conftest import WarmPool

        cls._pool_dir = tempfile.TemporaryDirectory()
        cls._pool = WarmPool(os.path.join(cls._pool_dir.name, "pool.sock"), os.getcwd())
        os.environ["CONVLAB_POOL_SOCKET"] = cls._pool.socket_path
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        os.environ.pop("CONVLAB_POOL_SOCKET", None)
        cls._pool.stop()
        cls._pool_dir.cleanup()

    def test_served_by_the_pool(self) -> None:
        import psutil

        launcher = psutil.Process(self.km.provisioner.process.pid)
        self.assertEqual(launcher.children(), [])  # no kernel of its own: the pool's serves


if __name__ == "__main__":
    unittest.main()
