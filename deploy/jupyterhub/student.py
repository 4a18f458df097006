"""One simulated student, as a browser would act on a JupyterHub: log in through the hub's login
form, start their server, open a notebook through the Jupyter server REST API, start a kernel
and execute cells over the kernel websocket (the Jupyter messaging protocol), save files.

Used by the hub tests and `npm run bench:class`. Talks only to the hub URL it is given.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp


def homework_notebook(name: str, token: str) -> dict[str, Any]:
    """A generated homework notebook for a simulated student, marked with a unique token."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "convlab", "display_name": "TypeScript (ConvLab)", "language": "typescript"}},
        "cells": [
            {"cell_type": "markdown", "id": "who", "metadata": {}, "source": f"Homework of {name}"},
            {
                "cell_type": "code",
                "id": "answer",
                "metadata": {"tags": ["answer"]},
                "execution_count": None,
                "outputs": [],
                "source": f'const token = "{token}";\nconv2dShape',
            },
        ],
    }


def handed_in(exchange: Path, assignment: str, tokens: dict[str, str]) -> dict[str, bool]:
    """For each student: did exactly their notebook (their token) arrive in the exchange?"""
    arrived = {}
    for name, token in tokens.items():
        path = exchange / "inbound" / name / assignment
        try:
            cells = json.loads(path.read_text())["cells"]
            # nbformat stores a multi-line source as a list of lines.
            who, answer = ("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)
            arrived[name] = who == f"Homework of {name}" and f'const token = "{token}";' in answer
        except (OSError, ValueError, KeyError, IndexError):
            arrived[name] = False
    return arrived


@dataclass
class CellResult:
    """The outputs of one executed cell, as nbformat output dicts, and how long it took."""

    outputs: list[dict[str, Any]]
    status: str
    seconds: float


@dataclass
class Student:
    hub_url: str
    name: str
    password: str = "any"
    session: aiohttp.ClientSession = field(init=False)
    token: str = field(init=False, default="")

    async def __aenter__(self) -> Student:
        self.session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=600)
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.session.close()

    # --- the hub ---------------------------------------------------------------------------------

    async def log_in(self) -> None:
        """The login form (with its XSRF cookie), then an API token for this student."""
        async with self.session.get(f"{self.hub_url}/hub/login") as r:
            r.raise_for_status()
        xsrf = self._cookie("_xsrf")
        form = {"username": self.name, "password": self.password, "_xsrf": xsrf}
        async with self.session.post(f"{self.hub_url}/hub/login", data=form, allow_redirects=False) as r:
            if r.status != 302:
                raise RuntimeError(f"{self.name}: login answered {r.status}: {(await r.text())[:200]}")
        # Logging in binds a new XSRF token to the session.
        headers = {"X-XSRFToken": self._cookie("_xsrf")}
        async with self.session.post(
            f"{self.hub_url}/hub/api/users/{self.name}/tokens", json={"note": "class benchmark"}, headers=headers
        ) as r:
            r.raise_for_status()
            self.token = (await r.json())["token"]

    def _cookie(self, name: str) -> str:
        for cookie in self.session.cookie_jar:
            if cookie.key == name:
                return cookie.value
        raise RuntimeError(f"{self.name}: no {name} cookie from the hub")

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    async def start_server(self, timeout: float = 600) -> None:
        """Asks the hub for the server and waits until it is ready."""
        async with self.session.post(f"{self.hub_url}/hub/api/users/{self.name}/server", headers=self._auth) as r:
            if r.status not in (201, 202):
                raise RuntimeError(f"{self.name}: starting the server answered {r.status}: {await r.text()}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            async with self.session.get(f"{self.hub_url}/hub/api/users/{self.name}", headers=self._auth) as r:
                r.raise_for_status()
                server = (await r.json())["servers"].get("")
            if server and server.get("ready"):
                return
            if not server or not (server.get("pending") or server.get("ready")):
                raise RuntimeError(f"{self.name}: the server stopped while starting: {server}")
            await asyncio.sleep(0.5)
        raise TimeoutError(f"{self.name}: the server was not ready within {timeout} s")

    async def stop_server(self) -> None:
        async with self.session.delete(f"{self.hub_url}/hub/api/users/{self.name}/server", headers=self._auth) as r:
            if r.status not in (202, 204):
                raise RuntimeError(f"{self.name}: stopping the server answered {r.status}")

    # --- the student's Jupyter server ----------------------------------------------------------

    @property
    def server_url(self) -> str:
        return f"{self.hub_url}/user/{self.name}"

    async def get_contents(self, path: str) -> dict[str, Any]:
        async with self.session.get(f"{self.server_url}/api/contents/{path}", headers=self._auth) as r:
            r.raise_for_status()
            return await r.json()

    async def save_notebook(self, path: str, notebook: dict[str, Any]) -> dict[str, Any]:
        body = {"type": "notebook", "format": "json", "content": notebook}
        async with self.session.put(f"{self.server_url}/api/contents/{path}", json=body, headers=self._auth) as r:
            r.raise_for_status()
            return await r.json()

    async def hand_in(self, filename: str, notebook: dict[str, Any]) -> dict[str, Any]:
        """Saves a notebook into ~/handin, the student's folder of the homework exchange."""
        return await self.save_notebook(f"handin/{filename}", notebook)

    async def assignments(self, action: str, course: str, assignment: str = "") -> list[dict[str, Any]]:
        """nbgrader's Assignments tab, as its buttons call it: `list`, `fetch` or `submit` through the
        student's server (the nbgrader server extension and the exchange behind it)."""
        query = {"course_id": course, "assignment_id": assignment}
        if action == "list":
            request = self.session.get(f"{self.server_url}/assignments", params=query, headers=self._auth)
        else:
            request = self.session.post(f"{self.server_url}/assignments/{action}", params=query, headers=self._auth)
        async with request as r:
            r.raise_for_status()
            answer = await r.json(content_type=None)
        if isinstance(answer, dict):
            if not answer.get("success", False):
                raise RuntimeError(f"{self.name}: nbgrader {action} failed: {answer.get('value') or answer}")
            answer = answer.get("value", [])
        return answer

    async def open_session(self, path: str, kernel: str = "convlab") -> str:
        """A notebook session (as JupyterLab opens one); returns the kernel id."""
        body = {"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1], "kernel": {"name": kernel}}
        async with self.session.post(f"{self.server_url}/api/sessions", json=body, headers=self._auth) as r:
            r.raise_for_status()
            return (await r.json())["kernel"]["id"]

    async def kernel(self, kernel_id: str) -> KernelChannel:
        ws_url = f"{self.server_url}/api/kernels/{kernel_id}/channels".replace("http://", "ws://", 1)
        ws = await self.session.ws_connect(ws_url, headers=self._auth, max_msg_size=0, heartbeat=30)
        return KernelChannel(ws, self.name)


class KernelChannel:
    """The kernel's websocket: one JSON message per frame, its channel named in the message."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, username: str) -> None:
        self.ws = ws
        self.username = username
        self.session_id = uuid.uuid4().hex

    def _message(self, msg_type: str, content: dict[str, Any], channel: str = "shell") -> dict[str, Any]:
        return {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "username": self.username,
                "session": self.session_id,
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": channel,
            "buffers": [],
        }

    async def _replies(self, msg_id: str, timeout: float):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.username}: no reply to {msg_id} within {timeout} s")
            frame = await self.ws.receive(timeout=remaining)
            if frame.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"{self.username}: the kernel websocket closed ({frame.type})")
            message = json.loads(frame.data)
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                yield message

    async def wait_ready(self, timeout: float = 120) -> None:
        """kernel_info until the kernel answers (it may still be starting)."""
        request = self._message("kernel_info_request", {})
        await self.ws.send_str(json.dumps(request))
        async for message in self._replies(request["header"]["msg_id"], timeout):
            if message["msg_type"] == "kernel_info_reply":
                return

    async def execute(self, code: str, timeout: float = 300) -> CellResult:
        """Runs one cell; collects its outputs until the kernel is idle and has replied."""
        started = time.monotonic()
        request = self._message(
            "execute_request",
            {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        )
        await self.ws.send_str(json.dumps(request))
        outputs: list[dict[str, Any]] = []
        status, idle = "", False
        async for message in self._replies(request["header"]["msg_id"], timeout):
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == content["name"]:
                    outputs[-1]["text"] += content["text"]
                else:
                    outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("execute_result", "display_data"):
                outputs.append({"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})})
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"]})
            elif kind == "clear_output":
                outputs.clear()
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            if status and idle:
                return CellResult(outputs, status, time.monotonic() - started)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        await self.ws.close()
