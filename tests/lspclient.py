"""A minimal editor side of the Language Server Protocol: JSON-RPC frames over a process's stdio."""

from __future__ import annotations

import json
import queue
import subprocess
import threading


class LspClient:
    def __init__(self, command: list[str], cwd: str) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, method: str, params: dict, *, request: bool = False) -> int | None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self._next_id += 1
            message["id"] = self._next_id
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return message.get("id")

    def wait_for(self, match, timeout: float = 120.0) -> dict:
        """The next message ``match`` accepts (others are dropped)."""
        while True:
            message = self.messages.get(timeout=timeout)
            if match(message):
                return message

    def request(self, method: str, params: dict, timeout: float = 120.0):
        number = self.send(method, params, request=True)
        reply = self.wait_for(lambda m: m.get("id") == number and "method" not in m, timeout)
        assert "error" not in reply, reply
        return reply["result"]

    def diagnostics(self, uri: str, timeout: float = 120.0) -> dict:
        return self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri, timeout)["params"]

    def close(self) -> int:
        self.request("shutdown", {})
        self.send("exit", {})
        try:
            return self.process.wait(timeout=30)
        finally:
            self.process.stdout.close()
            self.process.stderr.close()
            self.process.stdin.close()
